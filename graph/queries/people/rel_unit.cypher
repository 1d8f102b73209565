// The employer unit of each in-service cadre, if visible to the caller.
UNWIND $codes AS code
MATCH (:Person {code: code})-[:WORKS_AT]->(u:Unit)
WHERE
  // #include scope/_visible(u)
RETURN code, [u {.*, _label: 'Unit'}] AS items
