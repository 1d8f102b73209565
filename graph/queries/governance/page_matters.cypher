// A page of the matters visible to the caller concerning a compound or area inside the territory roots, in code order after a cursor key; optionally of one kind and step.
MATCH (m:Matter)
WHERE ($after IS NULL OR m.code > $after)
  AND ($kind IS NULL OR m.kind = $kind)
  AND ($step IS NULL OR m.step = $step)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(m)-[:CONCERNS]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(m)
RETURN m {.*, _label: 'Matter'} AS node
ORDER BY m.code
LIMIT $first
