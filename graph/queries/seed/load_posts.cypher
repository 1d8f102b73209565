// Seed: create or update Post entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Post {code: row.code})
SET n += row
