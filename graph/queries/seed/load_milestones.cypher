// Seed: create or update Milestone entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Milestone {code: row.code})
SET n += row
