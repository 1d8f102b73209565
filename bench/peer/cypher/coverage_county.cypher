// Raw floor for 'county coverage counts' (the 15 counts both APIs can state; the five-haves stage is left
// out): the project's get_county_coverage.cypher without its five-haves part. Covered (issue 8): a person is
// paired with the household on $asOf, or with its building; each building's pairing is read once.
CALL () {
  MATCH (b:Building)
  WITH b, EXISTS { MATCH (b)<-[p:PAIRED_WITH]-(:Person)
                   WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS viaBuilding
  MATCH (b)<-[:PART_OF]-(h:Household)
  RETURN count(h) AS households,
         count(CASE WHEN viaBuilding OR EXISTS {
             MATCH (h)<-[p:PAIRED_WITH]-(:Person)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END) AS coveredHouseholds
}
CALL () {
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)-[:PART_OF]->(b:Building)
  WHERE x.specialGroups > []
  RETURN count(x) AS specialGroupResidents,
         count(CASE WHEN NOT EXISTS {
             MATCH (h)<-[p:PAIRED_WITH]-(:Person)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
           AND NOT EXISTS {
             MATCH (b)<-[p:PAIRED_WITH]-(:Person)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END)
           AS uncoveredSpecialGroupResidents
}
CALL () {
  MATCH (b:Building)
  RETURN count(b) AS buildings
}
CALL () {
  MATCH (post:Post {role: 'BUILDING_LEADER'})-[:POST_OF]->(b:Building)
  WHERE EXISTS {
    MATCH (post)<-[h:HOLDS]-(:Person)
    WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) }
  RETURN count(DISTINCT b) AS buildingsWithLeader
}
CALL () {
  MATCH (c:Compound {kind: 'THREE_NO'})-[:PART_OF]->(a:Area)
  RETURN count(*) AS threeNoCompounds,
         count(CASE WHEN
           EXISTS { MATCH (c)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'COMPOUND_BRANCH'})
                    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
           OR EXISTS { MATCH (a)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'AREA_GROUP'})
                    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
           THEN 1 END) AS threeNoCompoundsWithPartyOrganization
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
             WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) } THEN 1 END) AS cadresInGrid
}
CALL () {
  MATCH (t:VolunteerTeam)
  RETURN count(t) AS volunteerTeams
}
RETURN households, coveredHouseholds, specialGroupResidents, uncoveredSpecialGroupResidents,
       buildings, buildingsWithLeader, threeNoCompounds, threeNoCompoundsWithPartyOrganization,
       grids, gridsWithUnit, units, pairedUnits, cadres, cadresInGrid, volunteerTeams
