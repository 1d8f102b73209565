// Seed: create or update MatterStep entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:MatterStep {code: row.code})
SET n += row
