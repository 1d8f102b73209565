// The Party members visible to the caller paired with each household or building on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[r:PAIRED_WITH]-(p:Person)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(p)
WITH code, p ORDER BY p.code
RETURN code, collect(DISTINCT p {.*, _label: 'Person'}) AS items
