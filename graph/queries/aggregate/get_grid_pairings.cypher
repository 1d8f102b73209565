// The facts the coverage aggregate of each grid in $grids is computed from: per building, its pairings (包楼栋) and each household's (联户) as [validFrom, validTo], with its special-group residents.
UNWIND $grids AS grid
MATCH (:Grid {code: grid})<-[:PART_OF]-(:Area)((:Entity)<-[:PART_OF]-(:Compound)){0,1}(:Area|Compound)<-[:PART_OF]-(b:Building)
WITH DISTINCT grid, b
// The building's pairings once per building, not once per household.
CALL (b) {
  OPTIONAL MATCH (b)<-[p:PAIRED_WITH]-(:Person)
  RETURN collect(CASE WHEN p IS NOT NULL THEN [p.validFrom, p.validTo] END) AS buildingPairings
}
CALL (b) {
  MATCH (b)<-[:PART_OF]-(h:Household)
  RETURN collect({special: COUNT { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] },
                  pairings: [(h)<-[p:PAIRED_WITH]-(:Person) | [p.validFrom, p.validTo]]}) AS households
}
RETURN grid, b.code AS building, buildingPairings, households
