// How many changes (and refused attempts) a subject made since an instant: their write quota.
MATCH (a:AuditRecord)
WHERE a.actor = $actor AND a.at > $since
RETURN count(a) AS value
