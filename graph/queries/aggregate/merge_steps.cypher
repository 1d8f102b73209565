// Write coverage steps ($steps: maps with grid, day and every count), replacing the counts of a step already there.
UNWIND $steps AS step
MERGE (s:CoverageStep {grid: step.grid, day: step.day})
SET s += step
