// How many grids lie inside the territory roots.
MATCH (r:Entity) WHERE r.code IN $roots
MATCH (g:Grid)-[:PART_OF*0..3]->(r)
RETURN count(DISTINCT g) AS value
