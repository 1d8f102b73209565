// Seed: create or update Compound entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Compound {code: row.code})
SET n += row
