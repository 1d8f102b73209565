// The facts the coverage aggregate of each grid in $grids is computed from: per building, its pairings (包楼栋), its leaders' holdings and each household's pairings (联户) as [validFrom, validTo], with its special-group residents, and the three-no compound it is part of (if any).
UNWIND $grids AS grid
MATCH (:Grid {code: grid})<-[:PART_OF]-(:Area)((:Entity)<-[:PART_OF]-(:Compound)){0,1}(parent:Area|Compound)<-[:PART_OF]-(b:Building)
WITH DISTINCT grid, b, CASE WHEN parent:Compound AND parent.kind = 'THREE_NO' THEN parent.code END AS compound
// The building's pairings once per building, not once per household.
CALL (b) {
  OPTIONAL MATCH (b)<-[p:PAIRED_WITH]-(:Person)
  RETURN collect(CASE WHEN p IS NOT NULL THEN [p.validFrom, p.validTo] END) AS buildingPairings
}
CALL (b) {
  OPTIONAL MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
  RETURN collect(CASE WHEN h IS NOT NULL THEN [h.validFrom, h.validTo] END) AS leaders
}
CALL (b) {
  OPTIONAL MATCH (b)<-[:PART_OF]-(h:Household)
  RETURN collect(CASE WHEN h IS NOT NULL THEN
                 {special: COUNT { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] },
                  pairings: [(h)<-[p:PAIRED_WITH]-(:Person) | [p.validFrom, p.validTo]]} END) AS households
}
RETURN grid, b.code AS building, compound, buildingPairings, leaders, households
