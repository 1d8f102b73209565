// The venues visible to the caller serving each compound, or its grid, on $asOf, in code order.
UNWIND $codes AS code
// Zero hops: the compound; two: its grid (one hop is its area, which no venue serves).
MATCH (:Compound {code: code})-[:PART_OF*0..2]->(:Compound|Grid)<-[r:SERVES]-(v:Venue)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(v)
WITH code, v ORDER BY v.code
RETURN code, collect(DISTINCT v {.*, _label: 'Venue'}) AS items
