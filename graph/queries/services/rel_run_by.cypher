// The Party organization running each venue or deliberation platform, if visible to the caller.
UNWIND $codes AS code
MATCH (:Entity {code: code})-[:RUN_BY]->(o:PartyOrganization)
WHERE
  // #include scope/_visible(o)
WITH code, o ORDER BY o.code
RETURN code, collect(o {.*, _label: 'PartyOrganization'}) AS items
