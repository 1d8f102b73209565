// The grids the entities $codes lie in, in code order: a household, building, compound or area: the grid above it; a grid: itself; a post, grant or micro-project: those of what it is of, for or at; a Party organization: those of what it answers for.
MATCH (n:Entity) WHERE n.code IN $codes
MATCH (n)(()-[:POST_OF|TO|AT|ANSWERS_FOR]->(:Entity)){0,3}(:Entity)(()-[:PART_OF]->()){0,4}(g:Grid)
RETURN DISTINCT g.code AS grid
ORDER BY grid
