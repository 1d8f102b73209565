// Where each micro-project is, if visible to the caller: a compound or an area.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})-[:AT]->(t:Compound|Area)
WHERE
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
