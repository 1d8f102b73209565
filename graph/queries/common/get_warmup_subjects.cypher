// Subjects for the start-up warm-up: a household standing in a compound's building, a grid and a unit (any, by code).
CALL () {
  MATCH (h:Household)-[:PART_OF]->(:Building)-[:PART_OF]->(:Compound)
  RETURN h.code AS household ORDER BY h.code LIMIT 1
}
CALL () {
  MATCH (g:Grid)
  RETURN g.code AS grid ORDER BY g.code LIMIT 1
}
RETURN household, grid
