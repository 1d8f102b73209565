// Fragment (#include'd, never run alone): the five-haves stage of compound `c` on $asOf, as graph/rules.py
// states it, for queries that need the stage but not the evidence (get_five_haves gives the evidence).
// Needs $asOf, $windowStart, $minCoveredShare; returns partyOrganization, stage. FORCES' households are
// counted only where the other four haves hold (the expensive part), covered as coverage/_household_coverage says.
MATCH (c)-[:PART_OF]->(a:Area)-[:PART_OF]->(g:Grid)
WITH c, a, g,
  EXISTS { MATCH (c)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'COMPOUND_BRANCH'})
           WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) AND EXISTS {
             MATCH (o)<-[:POST_OF]-(:Post {role: 'SECRETARY'})<-[h:HOLDS]-(:Person)
             WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } }
  OR EXISTS { MATCH (a)<-[af:ANSWERS_FOR]-(o:PartyOrganization {kind: 'AREA_GROUP'})
           WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) AND EXISTS {
             MATCH (o)<-[:POST_OF]-(:Post {role: 'GROUP_LEADER'})<-[h:HOLDS]-(:Person)
             WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) } } AS partyOrganization
WITH c, a, g, partyOrganization,
  partyOrganization
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
         sum(COUNT { (b)<-[:PART_OF]-(:Household) }) AS households
}
CALL (c, fourHaves) {
  WITH c WHERE fourHaves
  MATCH (c)<-[:PART_OF]-(b:Building)
  // #include coverage/_building_coverage(b)
  MATCH (b)<-[:PART_OF]-(h:Household)
  // #include coverage/_household_coverage(h)
  RETURN count(CASE WHEN covered THEN 1 END) AS coveredHouseholds
}
RETURN partyOrganization,
       CASE WHEN fourHaves AND buildings > 0 AND leaderless = 0 AND households > 0
                 AND toFloat(coveredHouseholds) / households >= $minCoveredShare THEN 'FIVE_HAVES'
            WHEN partyOrganization THEN 'TRANSITIONAL' ELSE 'UNORGANIZED' END AS stage
