// The compounds or areas each matter concerns, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Matter {code: code})-[:CONCERNS]->(t:Compound|Area)
WHERE
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
