// How many milestones visible to the caller micro-projects at a compound or area inside the territory roots have; optionally done or not by $asOf, overdue or due soon on $asOf (queues/_deadline).
MATCH (s:Milestone)-[:OF]->(:MicroProject)-[:AT]->(site:Compound|Area)
WHERE any(up IN [(site)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots)
  AND ($done IS NULL OR (s.doneOn IS NOT NULL AND s.doneOn <= $asOf) = $done) AND
  // #include scope/_visible(s)
// #include services/_milestone_deadline
// #include queues/_deadline
WITH s, overdue, dueSoon
WHERE ($overdue IS NULL OR overdue = $overdue) AND ($dueSoon IS NULL OR dueSoon = $dueSoon)
RETURN count(s) AS value
