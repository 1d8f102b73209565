// Record one change, or one refused attempt: who (subject and role), what, which entities, before and after (JSON text), when, the server's request id and the client's.
CREATE (a:AuditRecord {id: $id, at: datetime(), actor: $actor, actorRole: $actorRole, action: $action,
                       outcome: $outcome, requestId: $requestId, clientRequestId: $clientRequestId,
                       entities: $entities, before: $before, after: $after})
WITH a
UNWIND $entities AS code
MATCH (e:Entity {code: code})
CREATE (a)-[:CONCERNS]->(e)
RETURN count(*) AS linked
