// A page of the wishes visible to the caller, for households inside the territory roots in key order after $after (null for the first page), optionally of some statuses, overdue or due soon on $asOf (queues/_deadline); the key is the code, or with $byDue the due day (none last) and the code.
MATCH (w:Wish)-[:FOR]->(h:Household)
WHERE ($statuses IS NULL OR w.status IN $statuses)
  // Up from each wish's household (a comprehension anchored on h), not down from a root: wishes are few.
  AND any(code IN [(h)-[:PART_OF*1..7]->(a) | a.code] WHERE code IN $roots) AND
  // #include scope/_visible(w)
// #include wishes/_wish_deadline
// #include queues/_deadline
WITH w, due, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
WITH w, CASE WHEN $byDue THEN coalesce(toString(due), '9999-12-31') + ' ' + w.code ELSE w.code END AS key
WHERE $after IS NULL OR key > $after
RETURN w {.*, _label: 'Wish', _key: key} AS node
ORDER BY key
LIMIT $first
