// Claim an order (党员接单): CLAIMED, version bumped, the claiming member, a CLAIMED event by them.
MATCH (w:Wish {code: $wish}), (m:Person {code: $member})
SET w.status = 'CLAIMED', w.version = w.version + 1
CREATE (w)-[:CLAIMED_BY]->(m)
CREATE (m)<-[:BY]-(:Entity:WishEvent {code: $event, status: 'CLAIMED', at: datetime()})-[:OF]->(w)
