// Seed: create or update ServiceRecord entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:ServiceRecord {code: row.code})
SET n += row
