// Seed: create or update Area entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Area {code: row.code})
SET n += row
