// How many service records visible to the caller went to households inside the territory roots; optionally of one kind; retracted ones only when asked.
MATCH (s:ServiceRecord)
WHERE ($kind IS NULL OR s.kind = $kind)
  AND ($includeRetracted OR s.retractedOn IS NULL)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(s)-[:FOR]->(:Household)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(s)
RETURN count(s) AS value
