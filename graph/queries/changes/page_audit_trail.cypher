// A page of an entity's audit records, newest first, after a cursor key (the at and id of the last row seen).
MATCH (:Entity {code: $code})<-[:CONCERNS]-(a:AuditRecord)
WHERE $afterAt IS NULL OR a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId)
RETURN a {.*, _cursor: toString(a.at) + '|' + a.id} AS node
ORDER BY a.at DESC, a.id DESC
LIMIT $first
