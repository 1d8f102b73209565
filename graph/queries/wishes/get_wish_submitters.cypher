// What submitting a wish checks: the household exists, the requester lives in it, the submitter works for it on $today.
OPTIONAL MATCH (h:Household {code: $household})
OPTIONAL MATCH (r:Person {code: $requester})
OPTIONAL MATCH (s:Person {code: $submitter})
RETURN h IS NOT NULL AS household, r IS NOT NULL AS requester, s IS NOT NULL AS submitter,
       EXISTS { (r)-[:RESIDES_IN]->(h) } AS livesThere,
       // A grid worker for the household: paired with it or its building (联户, 包楼栋), reported in to its grid
       // (报到), or holding a post of its building or of an organization answering for its territory.
       EXISTS {
         MATCH (h)-[:PART_OF*0..1]->(x)<-[p:PAIRED_WITH]-(s)
         WHERE p.validFrom <= $today AND (p.validTo IS NULL OR $today < p.validTo)
       }
       OR EXISTS {
         MATCH (h)-[:PART_OF*1..5]->(:Grid)<-[p:REPORTED_TO]-(s)
         WHERE p.validFrom <= $today AND (p.validTo IS NULL OR $today < p.validTo)
       }
       OR EXISTS {
         MATCH (h)-[:PART_OF]->(:Building)<-[:POST_OF]-(:Post)<-[p:HOLDS]-(s)
         WHERE p.validFrom <= $today AND (p.validTo IS NULL OR $today < p.validTo)
       }
       OR EXISTS {
         MATCH (h)-[:PART_OF*1..5]->(:Compound|Area|Grid|Community)<-[a:ANSWERS_FOR]-(:PartyOrganization)
               <-[:POST_OF]-(:Post)<-[p:HOLDS]-(s)
         WHERE a.validFrom <= $today AND (a.validTo IS NULL OR $today < a.validTo)
           AND p.validFrom <= $today AND (p.validTo IS NULL OR $today < p.validTo)
       } AS worksThere
