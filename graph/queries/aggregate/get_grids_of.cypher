// The grids the entities $codes lie in (a household, building, compound or area: the grid above it; a grid: itself), in code order.
MATCH (n:Entity) WHERE n.code IN $codes
MATCH (n)-[:PART_OF*0..4]->(g:Grid)
RETURN DISTINCT g.code AS grid
ORDER BY grid
