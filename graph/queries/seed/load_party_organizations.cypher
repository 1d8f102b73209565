// Seed: create or update PartyOrganization entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:PartyOrganization {code: row.code})
SET n += row
