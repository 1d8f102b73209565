// The Party organization running each venue or deliberation platform.
UNWIND $codes AS code
MATCH (:Entity {code: code})-[:RUN_BY]->(o:PartyOrganization)
WITH code, o ORDER BY o.code
RETURN code, collect(o {.*, _label: 'PartyOrganization'}) AS items
