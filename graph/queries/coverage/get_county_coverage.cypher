// Coverage counts for the whole county on $asOf: every household, building, grid, unit, cadre and team (definitions in schema/coverage.py).
// Nothing to walk: counts come from the count store, label and relationship-type scans and indexes.
CALL () {
  MATCH (h:Household)
  RETURN count(h) AS households
}
// Covered households from the pairings, which are fewer to read than every household's relationships.
CALL () {
  MATCH ()-[p:PAIRED_WITH]->(h)
  WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo)
  WITH DISTINCT h
  WHERE h:Household
  RETURN count(h) AS coveredHouseholds
}
// `> []` is "not empty", answered by the range index on Person.specialGroups (migration 0004).
CALL () {
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)
  WHERE x.specialGroups > []
  RETURN count(x) AS specialGroupResidents,
         count(CASE WHEN NOT EXISTS {
             MATCH (h)<-[p:PAIRED_WITH]-(:Person)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END)
           AS uncoveredSpecialGroupResidents
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
  MATCH (c:Compound {kind: 'THREE_NO'})-[:PART_OF]->(a:Area)-[:PART_OF]->(g:Grid)
  WITH c, a, g,
    EXISTS { MATCH (c)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'COMPOUND_BRANCH'})
             WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
    OR EXISTS { MATCH (a)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'AREA_GROUP'})
             WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) } AS organized,
    // The five haves as in get_five_haves; FORCES' buildings and households below, only where the rest hold.
    (EXISTS { MATCH (c)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'COMPOUND_BRANCH'})
              WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) AND EXISTS {
                MATCH (o)<-[:POST_OF]-(:Post {role: 'SECRETARY'})<-[h:HOLDS]-(:Person)
                WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } }
     OR EXISTS { MATCH (a)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'AREA_GROUP'})
              WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) AND EXISTS {
                MATCH (o)<-[:POST_OF]-(:Post {role: 'GROUP_LEADER'})<-[h:HOLDS]-(:Person)
                WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } })
    AND (EXISTS { MATCH (c)<-[s:SERVES]-(:Venue) WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) }
         OR EXISTS { MATCH (g)<-[s:SERVES]-(:Venue) WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) })
    AND (EXISTS { MATCH (a)<-[p:PAIRED_WITH]-(:Unit) WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
         OR EXISTS { UNWIND [c, a] AS t
                     MATCH (t)<-[af:ANSWERS_FOR]-(:PartyOrganization)<-[:TO]-(gr:Grant)
                     WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo)
                       AND $windowStart < gr.disbursedOn <= $asOf AND gr.voidedOn IS NULL }
         OR EXISTS { UNWIND [c, a] AS t
                     MATCH (t)<-[:AT]-(m:MicroProject)
                     WHERE m.startedOn <= $asOf AND (m.completedOn IS NULL OR m.completedOn > $windowStart)
                       AND (m.cancelledOn IS NULL OR $asOf < m.cancelledOn) })
    AND EXISTS { MATCH (c)<-[s:SERVES]-(:SelfGovernanceBody)
                 WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) }
    AND (EXISTS { MATCH (c)<-[s:SERVES]-(:DeliberationPlatform)
                  WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) }
         OR EXISTS { MATCH (g)<-[s:SERVES]-(:DeliberationPlatform)
                     WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) }) AS fourHaves
  CALL (c, fourHaves) {
    WITH c WHERE fourHaves
    MATCH (c)<-[:PART_OF]-(b:Building)
    RETURN count(b) AS buildings,
           count(CASE WHEN NOT EXISTS {
               MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
               WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } THEN 1 END) AS leaderless,
           sum(COUNT { (b)<-[:PART_OF]-(:Household) }) AS households,
           sum(COUNT { MATCH (b)<-[:PART_OF]-(h:Household) WHERE EXISTS {
               MATCH (h)<-[p:PAIRED_WITH]-(:Person)
               WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } }) AS pairedHouseholds
  }
  WITH organized, fourHaves AND buildings > 0 AND leaderless = 0
         AND households > 0 AND toFloat(pairedHouseholds) / households >= $minPairedShare AS fiveHaves
  RETURN count(*) AS threeNoCompounds, count(CASE WHEN organized THEN 1 END) AS threeNoCompoundsWithPartyOrganization,
         count(CASE WHEN fiveHaves THEN 1 END) AS fiveHavesCompounds
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
       buildings, buildingsWithLeader, threeNoCompounds, threeNoCompoundsWithPartyOrganization, fiveHavesCompounds,
       grids, gridsWithUnit, units, pairedUnits, cadres, cadresInGrid, volunteerTeams
