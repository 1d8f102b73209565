// Fulfil a claimed wish: FULFILLED, version bumped, an event by the claimer, and the service record it leaves (微服务), by the claimer for the household.
MATCH (h:Household)<-[:FOR]-(w:Wish {code: $wish})-[:CLAIMED_BY]->(m:Person)
SET w.status = 'FULFILLED', w.version = w.version + 1
CREATE (m)<-[:BY]-(:Entity:WishEvent {code: $event, status: 'FULFILLED', at: datetime(), note: $note})-[:OF]->(w)
CREATE (m)<-[:BY]-(s:Entity:ServiceRecord {code: $record, kind: $kind, servedOn: $servedOn, description: w.title})
       -[:FOR]->(h)
CREATE (s)-[:FULFILS]->(w)
