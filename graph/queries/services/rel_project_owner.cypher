// The Party organization owning each micro-project.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})-[:OWNED_BY]->(o:PartyOrganization)
WITH code, o ORDER BY o.code
RETURN code, collect(o {.*, _label: 'PartyOrganization'}) AS items
