// The territory parent of each node (the node it is PART_OF), if visible to the caller.
UNWIND $codes AS code
MATCH (n:Entity {code: code})-[:PART_OF]->(p:Entity)
WHERE
  // #include scope/_visible(p)
RETURN code, [p {.*, _label: [l IN labels(p) WHERE l <> 'Entity'][0]}] AS items
