// Write coverage steps ($changedSteps: maps with grid, day and every count), replacing the counts of a step already there.
UNWIND $changedSteps AS step
MERGE (s:CoverageStep {grid: step.grid, day: step.day})
SET s += step
