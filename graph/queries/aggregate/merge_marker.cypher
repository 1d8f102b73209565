// The bookkeeping CoverageAggregate node: created (not yet $ready) before a first build, so that writers keep every grid from then on; made ready (reads trust it) when every grid is built, at the $version of what it holds.
MERGE (m:CoverageAggregate {name: 'coverage'})
ON CREATE SET m.ready = false
SET m.ready = m.ready OR $ready, m.builtAt = CASE WHEN $ready THEN datetime() ELSE m.builtAt END,
    m.version = CASE WHEN $ready THEN $version ELSE m.version END
