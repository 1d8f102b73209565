// The audit record of an import by its id (its outcome: RUNNING while batches are being written, DONE when it finished).
MATCH (a:AuditRecord {id: $id})
RETURN a.outcome AS outcome, a.action AS action, a.actor AS actor
