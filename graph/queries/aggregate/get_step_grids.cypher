// Every grid code: those in the graph, and those the coverage aggregate holds steps of (which may be gone).
CALL () {
  MATCH (g:Grid) RETURN collect(g.code) AS grids
}
CALL () {
  MATCH (s:CoverageStep {day: $origin}) RETURN collect(s.grid) AS stepped
}
RETURN grids, stepped
