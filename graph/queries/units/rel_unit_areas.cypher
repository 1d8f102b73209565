// The areas each unit is paired with on $asOf, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Unit {code: code})-[r:PAIRED_WITH]->(a:Area)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(a)
WITH code, a ORDER BY a.code
RETURN code, collect(DISTINCT a {.*, _label: 'Area'}) AS items
