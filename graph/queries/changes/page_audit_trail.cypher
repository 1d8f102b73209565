// A page of the audit records of an entity visible to the caller, newest first, after a cursor key (the at and id of the last row seen).
MATCH (e:Entity {code: $code})<-[:CONCERNS]-(a:AuditRecord)
WHERE ($afterAt IS NULL OR a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId)) AND
  // #include scope/_visible(e)
RETURN a {.*, _cursor: toString(a.at) + '|' + a.id} AS node
ORDER BY a.at DESC, a.id DESC
LIMIT $first
