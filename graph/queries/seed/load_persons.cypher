// Seed: create or update Person entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Person {code: row.code})
SET n += row
