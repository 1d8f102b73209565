// The employer unit of each in-service cadre.
UNWIND $codes AS code
MATCH (:Person {code: code})-[:WORKS_AT]->(u:Unit)
RETURN code, [u {.*, _label: 'Unit'}] AS items
