// The coverage counts on $asOf of each scope {key, roots} from the coverage aggregate: for each grid under the roots, its last step on or before the day, summed. exact: the aggregate is built (ready), every root is the county, a street, community or grid, and every grid under them has its steps (a grid made behind the API has none until its first refresh); else the caller counts from the pairings.
OPTIONAL MATCH (m:CoverageAggregate {name: 'coverage'})
UNWIND $scopes AS scope
CALL (scope) {
  OPTIONAL MATCH (root:Entity) WHERE root.code IN scope.roots
  RETURN collect(root) AS roots
}
WITH scope, roots, coalesce(m.ready, false) AND all(r IN roots WHERE r:County OR r:Street OR r:Community OR r:Grid) AS exact
CALL (roots, exact) {
  UNWIND CASE WHEN exact THEN roots ELSE [] END AS root
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid)){0,3}(g:Grid)
  WITH DISTINCT g
  // Ordered by the whole (grid, day) key, so that the index gives the order and the seek stops at the first step.
  OPTIONAL CALL (g) {
    MATCH (s:CoverageStep) WHERE s.grid = g.code AND s.day <= $asOf
    RETURN s ORDER BY s.grid DESC, s.day DESC LIMIT 1
  }
  RETURN count(g) = count(s) AS stepped,
         sum(s.households) AS households, sum(s.coveredHouseholds) AS coveredHouseholds,
         sum(s.coveredDirectly) AS coveredDirectly, sum(s.coveredViaBuilding) AS coveredViaBuilding,
         sum(s.specialGroupResidents) AS specialGroupResidents,
         sum(s.uncoveredSpecialGroupResidents) AS uncoveredSpecialGroupResidents,
         sum(s.specialGroupHouseholds) AS specialGroupHouseholds,
         sum(s.uncoveredSpecialGroupHouseholds) AS uncoveredSpecialGroupHouseholds
}
RETURN scope.key AS key, exact AND stepped AS exact, households, coveredHouseholds, coveredDirectly,
       coveredViaBuilding, specialGroupResidents, uncoveredSpecialGroupResidents, specialGroupHouseholds,
       uncoveredSpecialGroupHouseholds
