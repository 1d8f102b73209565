// A page of who reports in (报到) to each grid on $asOf (those visible to the caller), and since when, in member code order after each key's cursor.
UNWIND $keys AS key
CALL (key) {
  MATCH (g:Grid {code: key.code})<-[r:REPORTED_TO]-(p:Person)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
    AND (key.after IS NULL OR p.code > key.after) AND
    // #include scope/_visible(p)
  WITH g, r, p ORDER BY p.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH collect({code: p.code, member: p {.*, _label: 'Person'}, grid: g {.*, _label: 'Grid'}, since: r.validFrom,
                until: r.validTo, endReason: r.endReason}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
