// How many compounds lie under the territory roots, optionally of one kind and at one five-haves stage on $asOf.
MATCH (root:Entity) WHERE root.code IN $roots
MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(c:Compound)
WHERE ($kind IS NULL OR c.kind = $kind)
WITH DISTINCT c
// The stage only when filtering by it (criteria as in get_five_haves; FORCES' households only where the rest hold).
OPTIONAL CALL (c) {
  WITH c WHERE $stage IS NOT NULL
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
           sum(COUNT { (b)<-[:PART_OF]-(:Household) }) AS households,
           sum(COUNT { MATCH (b)<-[:PART_OF]-(h:Household) WHERE EXISTS {
               MATCH (h)<-[p:PAIRED_WITH]-(:Person)
               WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } }) AS pairedHouseholds
  }
  RETURN CASE WHEN fourHaves AND buildings > 0 AND leaderless = 0 AND households > 0
                   AND toFloat(pairedHouseholds) / households >= $minPairedShare THEN 'FIVE_HAVES'
              WHEN partyOrganization THEN 'TRANSITIONAL' ELSE 'THREE_NO' END AS stage
}
WITH c, stage
WHERE $stage IS NULL OR stage = $stage
RETURN count(c) AS value
