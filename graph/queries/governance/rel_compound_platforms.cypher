// The deliberation platforms visible to the caller serving each compound, or its grid, on $asOf, in code order.
UNWIND $codes AS code
// Zero hops: the compound; two: its grid (one hop is its area, which no platform serves).
MATCH (:Compound {code: code})-[:PART_OF*0..2]->(:Compound|Grid)<-[r:SERVES]-(d:DeliberationPlatform)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(d)
WITH code, d ORDER BY d.code
RETURN code, collect(DISTINCT d {.*, _label: 'DeliberationPlatform'}) AS items
