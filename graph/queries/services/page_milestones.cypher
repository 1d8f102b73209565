// A page of the milestones visible to the caller of micro-projects at a compound or area inside the territory roots in key order after $after (null for the first page); optionally done or not by $asOf, overdue or due soon on $asOf (queues/_deadline); the key is the code, or with $byDue the due day and the code.
MATCH (s:Milestone)-[:OF]->(:MicroProject)-[:AT]->(site:Compound|Area)
WHERE any(up IN [(site)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots)
  AND ($done IS NULL OR (s.doneOn IS NOT NULL AND s.doneOn <= $asOf) = $done) AND
  // #include scope/_visible(s)
// #include services/_milestone_deadline
// #include queues/_deadline
WITH s, due, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
WITH s, CASE WHEN $byDue THEN coalesce(toString(due), '9999-12-31') + ' ' + s.code ELSE s.code END AS key
WHERE $after IS NULL OR key > $after
RETURN s {.*, _label: 'Milestone', _key: key} AS node
ORDER BY key
LIMIT $first
