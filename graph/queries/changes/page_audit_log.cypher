// A page of what one subject did, refused attempts included, newest first, after a cursor key (the at and id of the last row seen).
MATCH (a:AuditRecord)
WHERE a.actor = $actor
  AND ($afterAt IS NULL OR a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId))
RETURN a {.*, _cursor: toString(a.at) + '|' + a.id} AS node
ORDER BY a.at DESC, a.id DESC
LIMIT $first
