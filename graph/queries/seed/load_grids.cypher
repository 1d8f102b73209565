// Seed: create or update Grid entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Grid {code: row.code})
SET n += row
