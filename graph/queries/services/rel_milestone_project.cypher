// The micro-project each milestone belongs to.
UNWIND $codes AS code
MATCH (:Milestone {code: code})-[:OF]->(p:MicroProject)
RETURN code, [p {.*, _label: 'MicroProject'}] AS items
