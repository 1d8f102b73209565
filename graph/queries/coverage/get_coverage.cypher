// Coverage counts on $asOf for each scope {key, roots}: the territory under the roots (definitions in schema/coverage.py).
UNWIND $scopes AS scope
// Households (covered? special-group residents?) and buildings (led?), in one walk down from the roots.
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
  WITH DISTINCT b
  // #include coverage/_building_coverage(b)
  CALL (b, pairedViaBuilding) {
    MATCH (b)<-[:PART_OF]-(h:Household)
    // #include coverage/_household_coverage(h)
    WITH pairedDirectly, pairedViaBuilding, covered,
      COUNT { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] } AS special
    RETURN count(*) AS households, count(CASE WHEN covered THEN 1 END) AS covered,
           count(CASE WHEN pairedDirectly THEN 1 END) AS direct,
           count(CASE WHEN pairedViaBuilding THEN 1 END) AS viaBuilding, sum(special) AS special,
           sum(CASE WHEN covered THEN 0 ELSE special END) AS uncoveredSpecial
  }
  RETURN count(b) AS buildings,
         count(CASE WHEN EXISTS {
             MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
             WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } THEN 1 END) AS buildingsWithLeader,
         sum(households) AS households, sum(covered) AS coveredHouseholds, sum(direct) AS coveredDirectly,
         sum(viaBuilding) AS coveredViaBuilding, sum(special) AS specialGroupResidents,
         sum(uncoveredSpecial) AS uncoveredSpecialGroupResidents
}
// Three-no compounds: with a Party organization answering for them, and at the five-haves stage.
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(c:Compound)
  WHERE c.kind = 'THREE_NO'
  WITH DISTINCT c
  MATCH (c)-[:PART_OF]->(a:Area)
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
// Grids, and those with an area a unit is paired with.
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid)){0,3}(g:Grid)
  WITH DISTINCT g
  RETURN count(g) AS grids,
         count(CASE WHEN EXISTS {
             MATCH (g)<-[:PART_OF]-(:Area)<-[p:PAIRED_WITH]-(:Unit)
             WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } THEN 1 END) AS gridsWithUnit
}
// Units paired (by then, and on the day) with an area under the roots; a unit scope is that one unit.
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area)){0,4}(a:Area)
  WITH DISTINCT a
  MATCH (a)<-[p:PAIRED_WITH]-(u:Unit) WHERE p.validFrom <= $asOf
  WITH u, max(CASE WHEN p.validTo IS NULL OR $asOf < p.validTo THEN 1 ELSE 0 END) AS paired
  RETURN count(u) AS units, sum(paired) AS pairedUnits
}
// Cadres who reported to a grid or were paired with a household or building under the roots by then,
// and those paired on the day (pairedCadres).
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  CALL (root) {
    MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid)){0,3}(:Grid)<-[r:REPORTED_TO]-(p:Person)
    WHERE r.validFrom <= $asOf
    RETURN p, 0 AS paired
    UNION ALL
    MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
    MATCH (b)<-[:PART_OF*0..1]-(t:Building|Household)<-[r:PAIRED_WITH]-(p:Person)
    WHERE r.validFrom <= $asOf
    RETURN p, CASE WHEN r.validTo IS NULL OR $asOf < r.validTo THEN 1 ELSE 0 END AS paired
  }
  WITH p, max(paired) AS paired
  WHERE EXISTS { (p)-[:WORKS_AT]->(:Unit) }
  RETURN count(p) AS cadres, sum(paired) AS pairedCadres
}
// A unit scope counts that unit and its own cadres (wherever they are paired) instead.
CALL (scope) {
  OPTIONAL MATCH (u:Unit {code: scope.unit})
  OPTIONAL MATCH (u)<-[:WORKS_AT]-(p:Person)
  WITH u, p, EXISTS {
      MATCH (p)-[r:PAIRED_WITH]->(:Household|Building)
      WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) } AS paired
  RETURN u IS NOT NULL AS unitScope, count(DISTINCT p) AS unitCadres,
         count(DISTINCT CASE WHEN paired THEN p END) AS unitPairedCadres,
         CASE WHEN EXISTS { MATCH (u)-[r:PAIRED_WITH]->(:Area)
                            WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) }
              THEN 1 ELSE 0 END AS unitPaired
}
// Volunteer teams serving a compound under the roots on the day.
CALL (scope) {
  MATCH (root:Entity) WHERE root.code IN scope.roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(c:Compound)<-[s:SERVES]-(t:VolunteerTeam)
  WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo)
  RETURN count(DISTINCT t) AS volunteerTeams
}
RETURN scope.key AS key, households, coveredHouseholds, coveredDirectly, coveredViaBuilding, specialGroupResidents,
       uncoveredSpecialGroupResidents, buildings, buildingsWithLeader, threeNoCompounds,
       threeNoCompoundsWithPartyOrganization, fiveHavesCompounds, grids, gridsWithUnit,
       CASE WHEN unitScope THEN 1 ELSE units END AS units,
       CASE WHEN unitScope THEN unitPaired ELSE pairedUnits END AS pairedUnits,
       CASE WHEN unitScope THEN unitCadres ELSE cadres END AS cadres,
       CASE WHEN unitScope THEN unitPairedCadres ELSE pairedCadres END AS pairedCadres,
       volunteerTeams
