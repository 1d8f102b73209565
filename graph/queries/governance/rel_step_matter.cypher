// The matter each step belongs to.
UNWIND $codes AS code
MATCH (:MatterStep {code: code})-[:OF]->(m:Matter)
RETURN code, [m {.*, _label: 'Matter'}] AS items
