// Seed: create or update SelfGovernanceBody entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:SelfGovernanceBody {code: row.code})
SET n += row
