// Seed: record the loaded data set (the bookkeeping Dataset node, not an Entity).
MERGE (d:Dataset {name: $name})
SET d.scale = $scale, d.seed = $seed, d.fingerprint = $fingerprint, d.loadedAt = datetime()
RETURN d.name AS name, d.scale AS scale, d.seed AS seed, d.fingerprint AS fingerprint, d.loadedAt AS loadedAt
