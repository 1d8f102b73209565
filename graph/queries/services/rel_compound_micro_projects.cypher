// The micro-projects at each compound or at its area (片区), those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Compound {code: code})-[:PART_OF*0..1]->()<-[:AT]-(p:MicroProject)
WHERE
  // #include scope/_visible(p)
WITH code, p ORDER BY p.code
RETURN code, collect(DISTINCT p {.*, _label: 'MicroProject'}) AS items
