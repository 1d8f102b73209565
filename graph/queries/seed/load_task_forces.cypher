// Seed: create or update TaskForce entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:TaskForce {code: row.code})
SET n += row
