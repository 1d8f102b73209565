// Lock a wish for a step (so concurrent steps queue) and report its state, and whether the acting organization or member exists and fits.
OPTIONAL MATCH (w:Wish {code: $wish})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET w._lock = true
REMOVE w._lock
WITH w
OPTIONAL MATCH (w)-[:FOR]->(h:Household)
OPTIONAL MATCH (o:PartyOrganization {code: $organization})
OPTIONAL MATCH (m:Person {code: $member})
RETURN w IS NOT NULL AS wish, w.status AS status, w.version AS version, w.rating AS rating,
       w.expectedBy AS expectedBy, h.code AS household,
       COLLECT { MATCH (w)-[:REQUESTED_BY]->(p:Person) RETURN p.code AS code ORDER BY code }[0] AS requester,
       COLLECT { MATCH (w)-[:CLAIMED_BY]->(p:Person) RETURN p.code AS code ORDER BY code }[0] AS claimer,
       o IS NOT NULL AS organization,
       // 组织建单 falls to an organization answering, on $today, for the household's compound, area, grid or community.
       EXISTS {
         MATCH (h)-[:PART_OF*1..5]->(:Compound|Area|Grid|Community)<-[r:ANSWERS_FOR]-(o)
         WHERE r.validFrom <= $today AND (r.validTo IS NULL OR $today < r.validTo)
       } AS answersForHousehold,
       m IS NOT NULL AS member, coalesce(m.isPartyMember, false) AS isPartyMember
