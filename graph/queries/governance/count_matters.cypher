// How many matters visible to the caller concern a compound or area inside the territory roots; optionally of one kind, of some steps, overdue or due soon on $asOf (queues/_deadline).
MATCH (m:Matter)
WHERE ($kind IS NULL OR m.kind = $kind)
  AND ($steps IS NULL OR m.step IN $steps)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(m)-[:CONCERNS]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(m)
// #include governance/_matter_deadline
// #include queues/_deadline
WITH m, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
RETURN count(m) AS value
