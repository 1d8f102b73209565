// A page of the matters visible to the caller raised at each deliberation platform or concerning each compound or area, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Entity {code: key.code})<-[:RAISED_AT|CONCERNS]-(m:Matter)
  WHERE (key.after IS NULL OR m.code > key.after) AND
    // #include scope/_visible(m)
  WITH DISTINCT m ORDER BY m.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(m {.*, _label: 'Matter'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
