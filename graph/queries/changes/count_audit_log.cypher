// How many audit records name a subject as their actor.
MATCH (a:AuditRecord)
WHERE a.actor = $actor
RETURN count(a) AS value
