// The deliberation platforms visible to the caller serving each grid, or a compound inside it, on $asOf, in code order.
UNWIND $codes AS code
// Zero hops: the grid; two: its compounds (one hop is its areas).
MATCH (:Grid {code: code})<-[:PART_OF*0..2]-(:Grid|Compound)<-[r:SERVES]-(d:DeliberationPlatform)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(d)
WITH code, d ORDER BY d.code
RETURN code, collect(DISTINCT d {.*, _label: 'DeliberationPlatform'}) AS items
