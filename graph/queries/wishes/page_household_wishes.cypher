// A page of each household's wishes visible to the caller, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:Household {code: key.code})<-[:FOR]-(w:Wish)
  WHERE (key.after IS NULL OR w.code > key.after) AND
    // #include scope/_visible(w)
  WITH w ORDER BY w.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(w {.*, _label: 'Wish'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
