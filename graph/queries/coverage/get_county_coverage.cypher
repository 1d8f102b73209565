// Coverage counts for the whole county on $asOf: every household, building, grid, unit, cadre and team (definitions in schema/coverage.py).
// No walk down the tree: label and relationship-type scans and indexes; each building, then each household in it,
// is judged once by the coverage rule (coverage/_building_coverage, coverage/_household_coverage).
CALL () {
  MATCH (b:Building)
  // #include coverage/_building_coverage(b)
  MATCH (b)<-[:PART_OF]-(h:Household)
  // #include coverage/_household_coverage(h)
  RETURN count(h) AS households, count(CASE WHEN covered THEN 1 END) AS coveredHouseholds,
         count(CASE WHEN pairedDirectly THEN 1 END) AS coveredDirectly,
         count(CASE WHEN pairedViaBuilding THEN 1 END) AS coveredViaBuilding
}
// `> []` is "not empty", answered by the range index on Person.specialGroups (migration 0004).
CALL () {
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)-[:PART_OF]->(b:Building)
  WHERE x.specialGroups > []
  // #include coverage/_building_coverage(b)
  // #include coverage/_household_coverage(h)
  RETURN count(x) AS specialGroupResidents, count(CASE WHEN NOT covered THEN 1 END) AS uncoveredSpecialGroupResidents
}
CALL () {
  MATCH (b:Building)
  RETURN count(b) AS buildings
}
// Led buildings from the building-leader posts (a building has many more relationships than its post).
CALL () {
  MATCH (post:Post {role: 'BUILDING_LEADER'})-[:POST_OF]->(b:Building)
  WHERE EXISTS {
    MATCH (post)<-[h:HOLDS]-(:Person)
    WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) }
  RETURN count(DISTINCT b) AS buildingsWithLeader
}
// Three-no compounds: with a Party organization answering for them, and at the five-haves stage.
CALL () {
  MATCH (c:Compound {kind: 'THREE_NO'})-[:PART_OF]->(a:Area)
  WITH c,
    EXISTS { MATCH (c)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'COMPOUND_BRANCH'})
             WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
    OR EXISTS { MATCH (a)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'AREA_GROUP'})
             WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) } AS organized
  CALL (c) {
    // #include coverage/_compound_stage
  }
  RETURN count(*) AS threeNoCompounds, count(CASE WHEN organized THEN 1 END) AS threeNoCompoundsWithPartyOrganization,
         count(CASE WHEN stage = 'FIVE_HAVES' THEN 1 END) AS fiveHavesCompounds
}
CALL () {
  MATCH (g:Grid)
  RETURN count(g) AS grids,
         count(CASE WHEN EXISTS {
             MATCH (g)<-[:PART_OF]-(:Area)<-[p:PAIRED_WITH]-(:Unit)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END) AS gridsWithUnit
}
CALL () {
  MATCH (u:Unit)
  RETURN count(u) AS units,
         count(CASE WHEN EXISTS {
             MATCH (u)-[p:PAIRED_WITH]->(:Area)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END) AS pairedUnits
}
CALL () {
  MATCH (p:Person)-[:WORKS_AT]->(:Unit)
  WITH DISTINCT p
  RETURN count(p) AS cadres,
         count(CASE WHEN EXISTS {
             MATCH (p)-[r:PAIRED_WITH]->(:Household|Building)
             WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) } THEN 1 END) AS pairedCadres
}
CALL () {
  MATCH (t:VolunteerTeam)
  RETURN count(t) AS volunteerTeams
}
RETURN households, coveredHouseholds, coveredDirectly, coveredViaBuilding, specialGroupResidents,
       uncoveredSpecialGroupResidents, buildings, buildingsWithLeader, threeNoCompounds,
       threeNoCompoundsWithPartyOrganization, fiveHavesCompounds, grids, gridsWithUnit, units, pairedUnits, cadres,
       pairedCadres, volunteerTeams
