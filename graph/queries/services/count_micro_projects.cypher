// How many micro-projects visible to the caller lie at a compound or area inside the territory roots; optionally of one kind and status.
MATCH (p:MicroProject)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($status IS NULL OR p.status = $status)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(p)-[:AT]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(p)
RETURN count(p) AS value
