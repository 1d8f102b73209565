// Seed: create or update Unit entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Unit {code: row.code})
SET n += row
