// How many wishes visible to the caller there are for households inside the territory roots, optionally of some statuses, overdue or due soon on $asOf (queues/_deadline).
MATCH (w:Wish)-[:FOR]->(h:Household)
WHERE ($statuses IS NULL OR w.status IN $statuses)
  // Up from each wish's household (a comprehension anchored on h), not down from a root: wishes are few.
  AND any(code IN [(h)-[:PART_OF*1..7]->(a) | a.code] WHERE code IN $roots) AND
  // #include scope/_visible(w)
// #include wishes/_wish_deadline
// #include queues/_deadline
WITH w, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
RETURN count(DISTINCT w) AS value
