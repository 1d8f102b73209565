// The grid of each compound (through its area), if visible to the caller.
UNWIND $codes AS code
MATCH (:Compound {code: code})-[:PART_OF]->(:Area)-[:PART_OF]->(g:Grid)
WHERE
  // #include scope/_visible(g)
RETURN code, [g {.*, _label: 'Grid'}] AS items
