// A page of the county's households visible to the caller with nobody paired on $asOf (optionally only those with a special-group resident), in code order after $after ('' for the first page).
// All households: walk the code index in order and stop at the page's end. Special-group ones: start from
// their residents (the range index on Person.specialGroups; `> []` is "not empty"), far fewer.
CALL () {
  WITH 1 AS all WHERE NOT $specialGroupsOnly
  MATCH (h:Household)
  WHERE h.code > $after
    AND NOT EXISTS {
      MATCH (h)<-[p:PAIRED_WITH]-(:Person)
      WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AND
    // #include scope/_visible(h)
  RETURN h
  ORDER BY h.code
  LIMIT $first
  UNION
  WITH 1 AS special WHERE $specialGroupsOnly
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)
  WHERE x.specialGroups > []
  WITH DISTINCT h
  WHERE h.code > $after
    AND NOT EXISTS {
      MATCH (h)<-[p:PAIRED_WITH]-(:Person)
      WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AND
    // #include scope/_visible(h)
  RETURN h
  ORDER BY h.code
  LIMIT $first
}
RETURN h {.*, _label: 'Household'} AS node
ORDER BY h.code
