// How many matters visible to the caller concern a compound or area inside the territory roots; optionally of one kind and step.
MATCH (m:Matter)
WHERE ($kind IS NULL OR m.kind = $kind)
  AND ($step IS NULL OR m.step = $step)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(m)-[:CONCERNS]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(m)
RETURN count(m) AS value
