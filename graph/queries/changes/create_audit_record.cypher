// Record one change: who, what, which entities, before and after (JSON text), when, the request id.
CREATE (a:AuditRecord {id: $id, at: datetime(), actor: $actor, action: $action, requestId: $requestId,
                       entities: $entities, before: $before, after: $after})
WITH a
UNWIND $entities AS code
MATCH (e:Entity {code: code})
CREATE (a)-[:CONCERNS]->(e)
RETURN count(*) AS linked
