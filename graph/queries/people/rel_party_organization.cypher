// The Party organization each person currently belongs to, if visible to the caller.
UNWIND $codes AS code
MATCH (:Person {code: code})-[m:MEMBER_OF]->(o:PartyOrganization)
WHERE m.validTo IS NULL AND
  // #include scope/_visible(o)
WITH code, o ORDER BY m.validFrom DESC
RETURN code, collect(o {.*, _label: 'PartyOrganization'})[0..1] AS items
