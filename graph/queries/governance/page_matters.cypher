// A page of the matters visible to the caller concerning a compound or area inside the territory roots in key order after $after (null for the first page); optionally of one kind, of some steps, overdue or due soon on $asOf (queues/_deadline); the key is the code, or with $byDue the due day (none last) and the code.
MATCH (m:Matter)
WHERE ($kind IS NULL OR m.kind = $kind)
  AND ($steps IS NULL OR m.step IN $steps)
  // Walk up from the row (a handful of ancestors), never down from the roots (every household below them).
  AND any(up IN [(m)-[:CONCERNS]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots) AND
  // #include scope/_visible(m)
// #include governance/_matter_deadline
// #include queues/_deadline
WITH m, due, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
WITH m, CASE WHEN $byDue THEN coalesce(toString(due), '9999-12-31') + ' ' + m.code ELSE m.code END AS key
WHERE $after IS NULL OR key > $after
RETURN m {.*, _label: 'Matter', _key: key} AS node
ORDER BY key
LIMIT $first
