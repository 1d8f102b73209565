// The five haves (五有) of each compound on $asOf: each criterion met or not, the facts behind it, and the stage.
// The criteria (graph/rules.py) with their evidence; coverage/_compound_stage states them once more, without
// evidence, for the queries that need only the stage. Tests hold both to the data set's ground truth.
UNWIND $codes AS code
MATCH (c:Compound {code: code})-[:PART_OF]->(a:Area)-[:PART_OF]->(g:Grid)
// PARTY_ORGANIZATION: its compound branch with a secretary, or its area's group with a group leader.
WITH code, c, a, g, COLLECT {
    MATCH (c)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'COMPOUND_BRANCH'})
    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo)
    RETURN {kind: o.kind, code: o.code, of: c.code, leaderSince: COLLECT {
        MATCH (o)<-[:POST_OF]-(:Post {role: 'SECRETARY'})<-[h:HOLDS]-(:Person)
        WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
        RETURN h.validFrom ORDER BY h.validFrom LIMIT 1 }[0]} AS organization
    UNION
    MATCH (a)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'AREA_GROUP'})
    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo)
    RETURN {kind: o.kind, code: o.code, of: a.code, leaderSince: COLLECT {
        MATCH (o)<-[:POST_OF]-(:Post {role: 'GROUP_LEADER'})<-[h:HOLDS]-(:Person)
        WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
        RETURN h.validFrom ORDER BY h.validFrom LIMIT 1 }[0]} AS organization
  } AS organizations
// FORCES: every building led, and enough households covered (coverage/_household_coverage).
CALL (c) {
  MATCH (c)<-[:PART_OF]-(b:Building)
  WITH b, EXISTS {
      MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
      WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } AS led
  ORDER BY b.code
  RETURN count(b) AS buildings,
         count(CASE WHEN led THEN 1 END) AS ledBuildings,
         collect(CASE WHEN NOT led THEN b.code END) AS leaderless
}
CALL (c) {
  MATCH (c)<-[:PART_OF]-(b:Building)
  // #include coverage/_building_coverage(b)
  MATCH (b)<-[:PART_OF]-(h:Household)
  // #include coverage/_household_coverage(h)
  RETURN count(h) AS households, count(CASE WHEN covered THEN 1 END) AS coveredHouseholds,
         count(CASE WHEN covered AND NOT pairedDirectly THEN 1 END) AS coveredOnlyViaBuilding
}
// VENUE, RESOURCES, MECHANISM: what serves it or its grid, and what was put in lately.
WITH code, c, a, g, organizations, buildings, ledBuildings, leaderless, households, coveredHouseholds,
  coveredOnlyViaBuilding,
  COLLECT {
    UNWIND [c, g] AS t
    MATCH (t)<-[s:SERVES]-(v:Venue) WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo)
    RETURN {code: v.code, serves: t.code} AS venue ORDER BY venue.code
  } AS venues,
  COLLECT {
    MATCH (a)<-[p:PAIRED_WITH]-(u:Unit) WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo)
    RETURN u.code AS unit ORDER BY unit
  } AS units,
  COLLECT {
    UNWIND [c, a] AS t
    MATCH (t)<-[af:ANSWERS_FOR]-(o:PartyOrganization)<-[:TO]-(gr:Grant) WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo)
      AND $windowStart < gr.disbursedOn <= $asOf AND gr.voidedOn IS NULL
    RETURN DISTINCT {code: gr.code, to: o.code, on: gr.disbursedOn} AS grant ORDER BY grant.code
  } AS grants,
  COLLECT {
    UNWIND [c, a] AS t
    MATCH (t)<-[:AT]-(m:MicroProject) WHERE m.startedOn <= $asOf AND (m.completedOn IS NULL OR m.completedOn > $windowStart)
      AND (m.cancelledOn IS NULL OR $asOf < m.cancelledOn)
    RETURN {code: m.code, at: t.code, startedOn: m.startedOn} AS project ORDER BY project.code
  } AS projects,
  COLLECT {
    MATCH (c)<-[s:SERVES]-(x:SelfGovernanceBody) WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo)
    RETURN x.code AS body ORDER BY body
  } AS bodies,
  COLLECT {
    UNWIND [c, g] AS t
    MATCH (t)<-[s:SERVES]-(x:DeliberationPlatform) WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo)
    RETURN {code: x.code, serves: t.code} AS platform ORDER BY platform.code
  } AS platforms
WITH code, c, a, g, organizations, buildings, ledBuildings, leaderless, households, coveredHouseholds,
     coveredOnlyViaBuilding, venues, units, grants, projects, bodies, platforms,
     any(o IN organizations WHERE o.leaderSince IS NOT NULL) AS partyOrganization,
     buildings > 0 AND ledBuildings = buildings
       AND households > 0 AND toFloat(coveredHouseholds) / households >= $minCoveredShare AS forces,
     size(venues) > 0 AS venue,
     size(units) > 0 OR size(grants) > 0 OR size(projects) > 0 AS resources,
     size(bodies) > 0 AND size(platforms) > 0 AS mechanism
RETURN code, c.kind AS kind, a.code AS area, g.code AS grid, $windowStart AS windowStart,
       {PARTY_ORGANIZATION: partyOrganization, FORCES: forces, VENUE: venue, RESOURCES: resources,
        MECHANISM: mechanism} AS met,
       CASE WHEN partyOrganization AND forces AND venue AND resources AND mechanism THEN 'FIVE_HAVES'
            WHEN partyOrganization THEN 'TRANSITIONAL' ELSE 'UNORGANIZED' END AS stage,
       organizations, buildings, ledBuildings, leaderless, households, coveredHouseholds, coveredOnlyViaBuilding,
       venues, units, grants, projects, bodies, platforms
