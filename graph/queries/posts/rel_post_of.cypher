// What each post belongs to, if visible to the caller: a Party organization, building, compound, area or the task force.
UNWIND $codes AS code
MATCH (:Post {code: code})-[:POST_OF]->(x:Entity)
WHERE
  // #include scope/_visible(x)
RETURN code, collect(x {.*, _label: [l IN labels(x) WHERE l <> 'Entity'][0]}) AS items
