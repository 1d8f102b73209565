// Seed: create or update County entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:County {code: row.code})
SET n += row
