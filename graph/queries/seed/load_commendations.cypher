// Seed: create or update Commendation entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Commendation {code: row.code})
SET n += row
