// The deliberation platforms each Party organization runs, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:RUN_BY]-(d:DeliberationPlatform)
WHERE
  // #include scope/_visible(d)
WITH code, d ORDER BY d.code
RETURN code, collect(d {.*, _label: 'DeliberationPlatform'}) AS items
