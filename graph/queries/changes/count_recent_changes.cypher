// How many changes (and refused attempts) a subject made since an instant: their write quota. An import counts once (its own record), not once per entity it changed (those carry its importId).
MATCH (a:AuditRecord)
WHERE a.actor = $actor AND a.at > $since AND a.importId IS NULL
RETURN count(a) AS value
