// The territory each Party organization answers for on $asOf, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})-[r:ANSWERS_FOR]->(t:Entity)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
