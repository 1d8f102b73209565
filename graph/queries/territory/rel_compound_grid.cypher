// The grid of each compound (through its area).
UNWIND $codes AS code
MATCH (:Compound {code: code})-[:PART_OF]->(:Area)-[:PART_OF]->(g:Grid)
RETURN code, [g {.*, _label: 'Grid'}] AS items
