// Lock a post and a person for a change of holder (so concurrent appointments queue); report the post's holder and the person's fitness.
OPTIONAL MATCH (post:Post {code: $post})
OPTIONAL MATCH (p:Person {code: $person})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET post._lock = true, p._lock = true
REMOVE post._lock, p._lock
WITH post, p
OPTIONAL MATCH (post)-[:POST_OF]->(of:Entity)
RETURN post IS NOT NULL AS post, post.role AS role, of.code AS of,
       p IS NOT NULL AS person, coalesce(p.isPartyMember, false) AS isPartyMember,
       EXISTS { (p)-[:WORKS_AT]->(:Unit) } AS inService,
       // For building posts: lives in the building; lives in its compound (or, outside compounds, its area).
       EXISTS { (p)-[:RESIDES_IN]->(:Household)-[:PART_OF]->(of) } AS livesInBuilding,
       EXISTS { MATCH (of)-[:PART_OF]->(around:Compound|Area)
                MATCH (p)-[:RESIDES_IN]->(:Household)-[:PART_OF]->(:Building)-[:PART_OF*1..2]->(around) } AS livesNearby,
       COLLECT { MATCH (post)<-[h:HOLDS]-(holder:Person) WHERE h.validTo IS NULL
                 RETURN {person: holder.code, since: h.validFrom} AS open ORDER BY open.since DESC LIMIT 1 }[0] AS holder,
       COLLECT { MATCH (post)<-[h:HOLDS]-(:Person) WHERE h.validTo IS NOT NULL
                 RETURN h.validTo AS ended ORDER BY ended DESC LIMIT 1 }[0] AS lastEnded
