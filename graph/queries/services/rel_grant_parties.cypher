// The Party organization each grant went to and the unit (paying department) it came from, those visible to the caller.
UNWIND $codes AS code
MATCH (:Grant {code: code})-[:TO|FROM]->(t:PartyOrganization|Unit)
WHERE
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
