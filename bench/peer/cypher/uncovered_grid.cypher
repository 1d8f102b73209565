// Raw floor for 'uncovered households of a grid': the first $first households of the grid (by code) that are
// not covered on $asOf (no person paired with the household nor with its building, issue 8), whether there are
// more, and how many there are, in one query. A building with a current pairing is skipped whole.
MATCH (:Grid {code: $code})<-[:PART_OF]-(:Area)<-[:PART_OF*1..2]-(b:Building)
WHERE NOT EXISTS {
  MATCH (b)<-[p:PAIRED_WITH]-(:Person)
  WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
MATCH (b)<-[:PART_OF]-(h:Household)
WHERE NOT EXISTS {
  MATCH (h)<-[p:PAIRED_WITH]-(:Person)
  WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
WITH h ORDER BY h.code
WITH collect(h) AS found
RETURN size(found) AS total, size(found) > $first AS hasNextPage,
       [h IN found[0..$first] | h {.code, .address}] AS nodes
