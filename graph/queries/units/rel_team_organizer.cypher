// The unit or Party organization that organized each volunteer team.
UNWIND $codes AS code
MATCH (:VolunteerTeam {code: code})-[:ORGANIZED_BY]->(o:Unit|PartyOrganization)
RETURN code, [o {.*, _label: [l IN labels(o) WHERE l <> 'Entity'][0]}] AS items
