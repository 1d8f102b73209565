// A page of the grants (not voided, visible to the caller) each Party organization received or each unit paid, unpaid then newest first, after a cursor key (the day paid, 9999-12-31 while unpaid, then the code).
UNWIND $keys AS key
CALL (key) {
  MATCH (:Entity {code: key.code})<-[:TO|FROM]-(g:Grant)
  WHERE g.voidedOn IS NULL AND
    // #include scope/_visible(g)
  WITH DISTINCT g
  WITH g, coalesce(toString(g.disbursedOn), '9999-12-31') AS day, split(coalesce(key.after, '|'), '|') AS after
  WHERE key.after IS NULL OR day < after[0] OR (day = after[0] AND g.code > after[1])
  WITH g, day ORDER BY day DESC, g.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(g {.*, _label: 'Grant', _cursor: day + '|' + g.code}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
