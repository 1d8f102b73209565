// Seed: create or update MicroProject entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:MicroProject {code: row.code})
SET n += row
