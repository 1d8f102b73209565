// Seed: create or update Community entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Community {code: row.code})
SET n += row
