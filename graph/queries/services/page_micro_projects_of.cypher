// A page of the micro-projects (visible to the caller) at each area, owned by each Party organization or coordinated with each unit, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Entity {code: key.code})<-[:AT|OWNED_BY|COORDINATED_WITH]-(p:MicroProject)
  WHERE (key.after IS NULL OR p.code > key.after) AND
    // #include scope/_visible(p)
  WITH DISTINCT p ORDER BY p.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(p {.*, _label: 'MicroProject'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
