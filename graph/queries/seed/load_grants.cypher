// Seed: create or update Grant entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Grant {code: row.code})
SET n += row
