// Seed: create or update Building entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Building {code: row.code})
SET n += row
