// The organizations visible to the caller directly under each Party organization, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:UNDER]-(c:PartyOrganization)
WHERE
  // #include scope/_visible(c)
WITH code, c ORDER BY c.code
RETURN code, collect(c {.*, _label: 'PartyOrganization'}) AS items
