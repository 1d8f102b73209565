// Whether the coverage aggregate is built and ready: its marker, if any.
MATCH (m:CoverageAggregate {name: 'coverage'})
RETURN m.ready AS ready, m.builtAt AS builtAt
