// Seed: create or update Matter entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Matter {code: row.code})
SET n += row
