// What each person is paired with on $asOf (households and buildings visible to the caller), in code order.
UNWIND $codes AS code
MATCH (:Person {code: code})-[r:PAIRED_WITH]->(t:Household|Building)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
