// Seed: create or update Household entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Household {code: row.code})
SET n += row
