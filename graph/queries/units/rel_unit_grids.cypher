// The grids visible to the caller holding an area each unit is paired with on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Unit {code: code})-[r:PAIRED_WITH]->(:Area)-[:PART_OF]->(g:Grid)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(g)
WITH code, g ORDER BY g.code
RETURN code, collect(DISTINCT g {.*, _label: 'Grid'}) AS items
