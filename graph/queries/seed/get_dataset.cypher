// Seed: the marker of the loaded data set, if any (name, scale, seed, fingerprint, loadedAt, geography: the layout version).
MATCH (d:Dataset {name: $name})
RETURN d.name AS name, d.scale AS scale, d.seed AS seed, d.fingerprint AS fingerprint, d.loadedAt AS loadedAt,
       d.geography AS geography
