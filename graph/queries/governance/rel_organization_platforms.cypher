// The deliberation platforms each Party organization runs, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:RUN_BY]-(d:DeliberationPlatform)
WITH code, d ORDER BY d.code
RETURN code, collect(d {.*, _label: 'DeliberationPlatform'}) AS items
