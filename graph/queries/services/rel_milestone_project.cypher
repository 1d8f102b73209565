// The micro-project each milestone belongs to, if visible to the caller.
UNWIND $codes AS code
MATCH (:Milestone {code: code})-[:OF]->(p:MicroProject)
WHERE
  // #include scope/_visible(p)
RETURN code, [p {.*, _label: 'MicroProject'}] AS items
