// Every stored coverage span and every stored change of the county-wide distinct counts.
CALL () {
  MATCH (s:CoverageSpan) RETURN collect([s.kind, s.code, s.starts, s.ends]) AS spans
}
CALL () {
  MATCH (d:CoverageDelta) RETURN collect([d.kind, d.day, d.delta]) AS deltas
}
RETURN spans, deltas
