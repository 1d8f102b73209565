// A page of the reads in full of a person's (or household's) sensitive fields, newest first, after a cursor key.
MATCH (:Entity {code: $code})<-[:ACCESSED]-(a:AccessRecord)
WHERE $afterAt IS NULL OR a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId)
RETURN a {.*, _cursor: toString(a.at) + '|' + a.id} AS node
ORDER BY a.at DESC, a.id DESC
LIMIT $first
