// A page of the service records (not retracted, visible to the caller) each person gave or each household received, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Entity {code: key.code})<-[:BY|FOR]-(s:ServiceRecord)
  WHERE (key.after IS NULL OR s.code > key.after) AND s.retractedOn IS NULL AND
    // #include scope/_visible(s)
  WITH DISTINCT s ORDER BY s.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(s {.*, _label: 'ServiceRecord'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
