// How many wishes visible to the caller there are for households inside the territory roots, optionally of one status.
MATCH (w:Wish)-[:FOR]->(h:Household)
WHERE ($status IS NULL OR w.status = $status)
  // Up from each wish's household (a comprehension anchored on h), not down from a root: wishes are few.
  AND any(code IN [(h)-[:PART_OF*1..7]->(a) | a.code] WHERE code IN $roots) AND
  // #include scope/_visible(w)
RETURN count(DISTINCT w) AS value
