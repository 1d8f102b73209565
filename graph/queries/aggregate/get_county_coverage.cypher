// Every coverage count of the whole county on $asOf from the coverage aggregate (graph/aggregate.py): per grid its last step on or before the day, summed; the distinct counts (cadres, paired cadres, paired units) as the sum of their changes up to the day; the rest (buildings, grids, units, teams) from the count store. exact: the aggregate is built at $version and every grid has its steps; else the caller counts from the graph.
OPTIONAL MATCH (m:CoverageAggregate {name: 'coverage'})
WITH coalesce(m.ready, false) AND m.version = $version AS built
CALL (built) {
  MATCH (g:Grid) WHERE built
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
         sum(s.uncoveredSpecialGroupHouseholds) AS uncoveredSpecialGroupHouseholds,
         sum(s.buildingsWithLeader) AS buildingsWithLeader, sum(s.threeNoCompounds) AS threeNoCompounds,
         sum(s.threeNoCompoundsWithPartyOrganization) AS threeNoCompoundsWithPartyOrganization,
         sum(s.fiveHavesCompounds) AS fiveHavesCompounds, sum(s.gridsWithUnit) AS gridsWithUnit
}
// The (kind, day) constraint's index: a range seek per kind, one row per day on which the count changed.
CALL () {
  MATCH (d:CoverageDelta) WHERE d.kind = 'cadres' AND d.day <= $asOf RETURN sum(d.delta) AS cadres
}
CALL () {
  MATCH (d:CoverageDelta) WHERE d.kind = 'pairedCadres' AND d.day <= $asOf RETURN sum(d.delta) AS pairedCadres
}
CALL () {
  MATCH (d:CoverageDelta) WHERE d.kind = 'pairedUnits' AND d.day <= $asOf RETURN sum(d.delta) AS pairedUnits
}
CALL () { MATCH (b:Building) RETURN count(b) AS buildings }
CALL () { MATCH (g:Grid) RETURN count(g) AS grids }
CALL () { MATCH (u:Unit) RETURN count(u) AS units }
CALL () { MATCH (t:VolunteerTeam) RETURN count(t) AS volunteerTeams }
RETURN built AND stepped AS exact, households, coveredHouseholds, coveredDirectly, coveredViaBuilding,
       specialGroupResidents, uncoveredSpecialGroupResidents, specialGroupHouseholds, uncoveredSpecialGroupHouseholds,
       buildings, buildingsWithLeader, threeNoCompounds, threeNoCompoundsWithPartyOrganization, fiveHavesCompounds,
       grids, gridsWithUnit, units, pairedUnits, cadres, pairedCadres, volunteerTeams
