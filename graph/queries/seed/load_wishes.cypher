// Seed: create or update Wish entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Wish {code: row.code})
SET n += row
