// Raw floor for 'uncovered households of the county': the first $first households (by code) not covered on
// $asOf (no person paired with the household nor with its building, issue 8), whether there are more, and how
// many there are, in one query. The total goes building by building (a building with a current pairing is
// skipped whole); the page walks the code index in order (`h.code > ''` lets the planner use it) and stops
// after $first + 1.
CALL () {
  MATCH (b:Building)
  WHERE NOT EXISTS {
    MATCH (b)<-[p:PAIRED_WITH]-(:Person)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
  MATCH (b)<-[:PART_OF]-(h:Household)
  WHERE NOT EXISTS {
    MATCH (h)<-[p:PAIRED_WITH]-(:Person)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
  RETURN count(h) AS total
}
CALL () {
  MATCH (h:Household)-[:PART_OF]->(b:Building)
  WHERE h.code > '' AND NOT EXISTS {
    MATCH (h)<-[p:PAIRED_WITH]-(:Person)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
  AND NOT EXISTS {
    MATCH (b)<-[p:PAIRED_WITH]-(:Person)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
  WITH h ORDER BY h.code LIMIT $first + 1
  RETURN collect(h {.code, .address}) AS page
}
RETURN total, size(page) > $first AS hasNextPage, page[0..$first] AS nodes
