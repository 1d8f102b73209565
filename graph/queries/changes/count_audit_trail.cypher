// How many audit records concern an entity visible to the caller (none: no row).
MATCH (e:Entity {code: $code})
WHERE
  // #include scope/_visible(e)
RETURN COUNT { (e)<-[:CONCERNS]-(:AuditRecord) } AS value
