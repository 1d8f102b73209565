// Every entity the county-wide distinct counts may hold a span of: each person working at a unit, each unit, and each code already holding a span (which may no longer count).
CALL () {
  MATCH (p:Person)-[:WORKS_AT]->(:Unit) RETURN collect(DISTINCT p.code) AS cadres
}
CALL () {
  MATCH (u:Unit) RETURN collect(u.code) AS units
}
CALL () {
  MATCH (s:CoverageSpan) RETURN collect(DISTINCT s.code) AS spanned
}
RETURN cadres, units, spanned
