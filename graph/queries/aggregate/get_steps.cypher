// The stored coverage steps of the grids $grids (every count).
UNWIND $grids AS grid
// `day >= $origin` (every step's) lets the (grid, day) index answer: a composite index needs both.
MATCH (s:CoverageStep) WHERE s.grid = grid AND s.day >= $origin
RETURN s {.*} AS step
