// How many grids visible to the caller lie inside the territory roots.
MATCH (r:Entity) WHERE r.code IN $roots
MATCH (g:Grid)-[:PART_OF*0..3]->(r)
WHERE
  // #include scope/_visible(g)
RETURN count(DISTINCT g) AS value
