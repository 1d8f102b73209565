// A page of the wishes visible to the caller in code order after a cursor key, for households inside the territory roots, optionally of one status.
MATCH (w:Wish)-[:FOR]->(h:Household)
WHERE ($after IS NULL OR w.code > $after) AND ($status IS NULL OR w.status = $status)
  // Up from each wish's household (a comprehension anchored on h), not down from a root: wishes are few.
  AND any(code IN [(h)-[:PART_OF*1..7]->(a) | a.code] WHERE code IN $roots) AND
  // #include scope/_visible(w)
RETURN w {.*, _label: 'Wish'} AS node
ORDER BY w.code
LIMIT $first
