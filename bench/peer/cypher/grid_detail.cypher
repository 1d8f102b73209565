// Raw floor for 'grid with its units and household coverage': the grid and its community, the units paired
// with one of its areas on $asOf (distinct, by code), and how many of its households there are and how many
// are covered on $asOf (a person paired with the household or with its building, issue 8), in one query.
MATCH (g:Grid {code: $code})-[:PART_OF]->(cm:Community)
CALL (g) {
  MATCH (g)<-[:PART_OF]-(:Area)<-[r:PAIRED_WITH]-(u:Unit)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  WITH DISTINCT u ORDER BY u.code
  RETURN collect(u {.code, .name, .kind}) AS units
}
CALL (g) {
  MATCH (g)<-[:PART_OF]-(:Area)<-[:PART_OF*1..2]-(b:Building)
  WITH b, EXISTS { MATCH (b)<-[p:PAIRED_WITH]-(:Person)
                   WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS viaBuilding
  MATCH (b)<-[:PART_OF]-(h:Household)
  RETURN count(h) AS households,
         count(CASE WHEN viaBuilding OR EXISTS {
           MATCH (h)<-[p:PAIRED_WITH]-(:Person)
           WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END) AS covered
}
RETURN g.code AS code, g.name AS name, cm {.code, .name} AS community, units, households, covered
