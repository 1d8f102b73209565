// A page of each volunteer team's members on $asOf visible to the caller, in code order, after each key's cursor.
UNWIND $keys AS key
CALL (key) {
  MATCH (:VolunteerTeam {code: key.code})<-[m:MEMBER_OF]-(p:Person)
  WHERE m.validFrom <= $asOf AND (m.validTo IS NULL OR $asOf < m.validTo)
    AND (key.after IS NULL OR p.code > key.after) AND
    // #include scope/_visible(p)
  WITH DISTINCT p ORDER BY p.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH collect(p {.*, _label: 'Person'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
