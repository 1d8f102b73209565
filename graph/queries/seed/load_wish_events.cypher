// Seed: create or update WishEvent entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:WishEvent {code: row.code})
SET n += row
