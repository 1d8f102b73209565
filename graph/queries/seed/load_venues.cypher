// Seed: create or update Venue entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:Venue {code: row.code})
SET n += row
