// The events of each wish that the caller may see, in time order: status, when, note, and who (a person or an organization; null when hidden from the caller).
UNWIND $codes AS code
MATCH (:Wish {code: code})<-[:OF]-(e:WishEvent)
WHERE
  // #include scope/_visible(e)
OPTIONAL MATCH (e)-[:BY]->(by:Entity)
WHERE
  // #include scope/_visible(by)
WITH code, e, by ORDER BY e.at, e.code
RETURN code, collect(e {.code, .status, .at, .note, by: by {.*, _label: [l IN labels(by) WHERE l <> 'Entity'][0]}})
       AS items
