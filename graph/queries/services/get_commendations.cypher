// The commendations (典型) visible to the caller to people living inside the territory roots; optionally of one year; newest first.
MATCH (c:Commendation)-[:TO]->(:Person)-[:RESIDES_IN]->(h:Household)
WHERE ($year IS NULL OR c.year = $year)
  // Walk up from the household, never down from the roots.
  AND any(up IN [(h)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(c)
RETURN c {.*, _label: 'Commendation'} AS node
ORDER BY c.year DESC, c.code
