// The coverage aggregate (graph/aggregate.py): one CoverageStep per grid and day on which the grid's coverage counts change; unique per (grid, day), and the constraint's index answers "the grid's last step on or before a day" with one seek.
CREATE CONSTRAINT coverage_step_grid_day IF NOT EXISTS FOR (s:CoverageStep) REQUIRE (s.grid, s.day) IS UNIQUE;
