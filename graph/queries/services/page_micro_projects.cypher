// A page of the micro-projects visible to the caller at a compound or area inside the territory roots, in code order after a cursor key; optionally of one kind and status.
MATCH (p:MicroProject)
WHERE ($after IS NULL OR p.code > $after)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($status IS NULL OR p.status = $status)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(p)-[:AT]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(p)
RETURN p {.*, _label: 'MicroProject'} AS node
ORDER BY p.code
LIMIT $first
