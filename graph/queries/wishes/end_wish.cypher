// Close a wish unfulfilled: $status REJECTED (by the organization $by, if named) or CANCELLED (by the requester $by), version bumped, the reason as the event's note.
MATCH (w:Wish {code: $wish})
SET w.status = $status, w.version = w.version + 1
CREATE (e:Entity:WishEvent {code: $event, status: $status, at: datetime(), note: $note})-[:OF]->(w)
WITH e
CALL (e) { MATCH (by:Entity {code: $by}) CREATE (e)-[:BY]->(by) }
