// Seed: create or update DeliberationPlatform entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:DeliberationPlatform {code: row.code})
SET n += row
