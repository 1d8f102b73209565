// The benchmark's subjects: the grid with most households, the unit with most pairings, a household with the longest responsible chain.
CALL () {
  MATCH (g:Grid)<-[:PART_OF*3..4]-(h:Household)
  WITH g, count(h) AS n ORDER BY n DESC, g.code LIMIT 1
  RETURN g.code AS grid
}
CALL () {
  MATCH (u:Unit)-[:WORKS_AT]-(:Person)
  WITH u, count(*) AS n ORDER BY n DESC, u.code LIMIT 1
  RETURN u.code AS unit
}
CALL () {
  MATCH (h:Household)<-[r:PAIRED_WITH]-(:Person) WHERE r.validTo IS NULL
  MATCH (h)-[:PART_OF]->(:Building)-[:PART_OF]->(:Compound)
  RETURN h.code AS household ORDER BY h.code LIMIT 1
}
RETURN grid, unit, household
