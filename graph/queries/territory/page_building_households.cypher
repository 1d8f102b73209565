// A page of each building's households visible to the caller, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Building {code: key.code})<-[:PART_OF]-(h:Household)
  WHERE (key.after IS NULL OR h.code > key.after) AND
    // #include scope/_visible(h)
  WITH h ORDER BY h.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(h {.*, _label: 'Household'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
