// The matter each step belongs to, if visible to the caller.
UNWIND $codes AS code
MATCH (:MatterStep {code: code})-[:OF]->(m:Matter)
WHERE
  // #include scope/_visible(m)
RETURN code, [m {.*, _label: 'Matter'}] AS items
