// A page of each unit's cadres visible to the caller, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Unit {code: key.code})<-[:WORKS_AT]-(p:Person)
  WHERE (key.after IS NULL OR p.code > key.after) AND
    // #include scope/_visible(p)
  WITH p ORDER BY p.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(p {.*, _label: 'Person'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
