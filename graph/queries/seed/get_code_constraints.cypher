// Seed: the labels that have a uniqueness constraint on code alone (the loader needs Entity's).
SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties
WHERE type IN ['UNIQUENESS', 'NODE_KEY'] AND entityType = 'NODE' AND properties = ['code']
RETURN labelsOrTypes[0] AS label
