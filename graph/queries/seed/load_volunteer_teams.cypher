// Seed: create or update VolunteerTeam entities from $rows (one map of properties per node, merged on code).
UNWIND $rows AS row
MERGE (n:Entity:VolunteerTeam {code: row.code})
SET n += row
