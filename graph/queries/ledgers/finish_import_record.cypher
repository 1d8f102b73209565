// An import finished: its audit record says DONE, with what the import did in all (JSON text), if any batch changed anything.
MATCH (a:AuditRecord {id: $id})
SET a.outcome = 'DONE', a.finishedAt = datetime(), a.after = $after
RETURN a.created AS created, a.updated AS updated, a.ended AS ended
