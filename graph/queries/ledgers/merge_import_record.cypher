// The audit record of an import, made by its first batch that changes anything (outcome RUNNING), its counts added to by every such batch; a re-run of a killed import adds to the same record.
MERGE (a:AuditRecord {id: $id})
ON CREATE SET a.at = datetime(), a.actor = $actor, a.actorRole = $actorRole, a.action = $action, a.outcome = 'RUNNING',
              a.requestId = $requestId, a.clientRequestId = null, a.entities = [], a.before = '{}', a.after = $after,
              a.created = 0, a.updated = 0, a.ended = 0
SET a.created = a.created + $created, a.updated = a.updated + $updated, a.ended = a.ended + $ended,
    a.lastRequestId = $requestId
RETURN a.created AS created, a.updated AS updated, a.ended AS ended
