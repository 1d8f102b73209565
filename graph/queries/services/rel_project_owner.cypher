// The Party organization owning each micro-project, if visible to the caller.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})-[:OWNED_BY]->(o:PartyOrganization)
WHERE
  // #include scope/_visible(o)
WITH code, o ORDER BY o.code
RETURN code, collect(o {.*, _label: 'PartyOrganization'}) AS items
