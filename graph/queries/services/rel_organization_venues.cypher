// The venues each Party organization runs, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:RUN_BY]-(v:Venue)
WHERE
  // #include scope/_visible(v)
WITH code, v ORDER BY v.code
RETURN code, collect(v {.*, _label: 'Venue'}) AS items
