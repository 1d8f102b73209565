// Whether the coverage aggregate is built and ready, and at which version: its marker, if any.
MATCH (m:CoverageAggregate {name: 'coverage'})
RETURN m.ready AS ready, m.builtAt AS builtAt, m.version AS version
