// Take the write lock on each grid's first coverage step ($grids in code order, so that two writers never wait on each other in a circle); says whether the aggregate is kept (built, or being built).
OPTIONAL MATCH (m:CoverageAggregate {name: 'coverage'})
CALL (m) {
  WITH m WHERE m IS NOT NULL
  UNWIND $grids AS grid
  MATCH (s:CoverageStep {grid: grid, day: $origin})
  SET s.locked = true
  REMOVE s.locked
  RETURN collect(grid) AS locked
}
RETURN m IS NOT NULL AS built, locked
