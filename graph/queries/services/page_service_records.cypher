// A page of the service records visible to the caller for households inside the territory roots, in code order after a cursor key; optionally of one kind; retracted ones only when asked.
MATCH (s:ServiceRecord)
WHERE ($after IS NULL OR s.code > $after)
  AND ($kind IS NULL OR s.kind = $kind)
  AND ($includeRetracted OR s.retractedOn IS NULL)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(s)-[:FOR]->(:Household)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(s)
RETURN s {.*, _label: 'ServiceRecord'} AS node
ORDER BY s.code
LIMIT $first
