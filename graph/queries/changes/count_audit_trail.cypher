// How many audit records concern an entity.
MATCH (e:Entity {code: $code})
RETURN COUNT { (e)<-[:CONCERNS]-(:AuditRecord) } AS value
