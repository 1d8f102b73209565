// One audit record per entity an import batch changed (who, what, before and after as JSON text, the import's id), linked to the entities it concerns.
UNWIND $records AS record
CREATE (a:AuditRecord {id: record.id, at: datetime(), actor: $actor, actorRole: $actorRole, action: $action,
                       outcome: 'DONE', requestId: $requestId, clientRequestId: null, importId: $importId,
                       entities: record.entities, before: record.before, after: record.after})
WITH a, record
UNWIND record.entities AS code
MATCH (e:Entity {code: code})
CREATE (a)-[:CONCERNS]->(e)
RETURN count(*) AS linked
