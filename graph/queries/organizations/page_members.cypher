// A page of each Party organization's current members visible to the caller, in code order, after a cursor key.
UNWIND $keys AS key
CALL (key) {
  MATCH (:PartyOrganization {code: key.code})<-[m:MEMBER_OF]-(p:Person)
  WHERE m.validTo IS NULL AND (key.after IS NULL OR p.code > key.after) AND
    // #include scope/_visible(p)
  WITH DISTINCT p ORDER BY p.code
  // LIMIT cannot take a per-row value, so the page is sliced from the ordered list.
  WITH key, collect(p {.*, _label: 'Person'}) AS all
  RETURN all[0..key.first] AS items
}
RETURN key.code AS code, key.after AS after, items
