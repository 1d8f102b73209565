// Seed: create or update Street entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Street {code: row.code})
SET n += row
