// A page of the grids visible to the caller in code order, after a cursor key, inside the territory roots.
MATCH (r:Entity) WHERE r.code IN $roots
MATCH (g:Grid)-[:PART_OF*0..3]->(r)
WITH DISTINCT g
WHERE ($after IS NULL OR g.code > $after) AND
  // #include scope/_visible(g)
RETURN g {.*, _label: 'Grid'} AS node
ORDER BY g.code
LIMIT $first
