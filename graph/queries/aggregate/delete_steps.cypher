// Delete coverage steps ($changedSteps: maps with grid and day), and every step of the grids $gridsGone (grids no longer in the graph).
CALL () {
  UNWIND $changedSteps AS step
  MATCH (s:CoverageStep {grid: step.grid, day: step.day})
  DELETE s
}
CALL () {
  MATCH (s:CoverageStep) WHERE s.grid IN $gridsGone AND s.day >= $origin
  DELETE s
}
