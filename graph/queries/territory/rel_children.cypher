// The territory children of each node (the nodes PART_OF it) visible to the caller, in code order.
UNWIND $codes AS code
MATCH (n:Entity {code: code})<-[:PART_OF]-(c:Entity)
WHERE NOT c:Household AND
  // #include scope/_visible(c)
WITH code, c ORDER BY c.code
RETURN code, collect(c {.*, _label: [l IN labels(c) WHERE l <> 'Entity'][0]}) AS items
