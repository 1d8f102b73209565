// Forget that the coverage aggregate is built: reads answer from the pairings until it is rebuilt.
MATCH (m:CoverageAggregate {name: 'coverage'})
DELETE m
