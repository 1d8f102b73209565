// The territory each Party organization answers for on $asOf, as far as the caller may see it, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})-[r:ANSWERS_FOR]->(t:Entity)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
