// Seed: record which layout of seeds/geography.py the database holds (on the Dataset marker).
MATCH (d:Dataset {name: $name})
SET d.geography = $version
RETURN d.geography AS geography
