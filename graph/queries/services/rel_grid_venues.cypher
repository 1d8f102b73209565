// The venues visible to the caller serving each grid, or a compound inside it, on $asOf, in code order.
UNWIND $codes AS code
// Zero hops: the grid; two: its compounds (one hop is its areas).
MATCH (:Grid {code: code})<-[:PART_OF*0..2]-(:Grid|Compound)<-[r:SERVES]-(v:Venue)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(v)
WITH code, v ORDER BY v.code
RETURN code, collect(DISTINCT v {.*, _label: 'Venue'}) AS items
