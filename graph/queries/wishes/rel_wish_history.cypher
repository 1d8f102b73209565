// The events of each wish in time order: status, when, note, and who (a person or an organization).
UNWIND $codes AS code
MATCH (:Wish {code: code})<-[:OF]-(e:WishEvent)
OPTIONAL MATCH (e)-[:BY]->(by:Entity)
WITH code, e, by ORDER BY e.at, e.code
RETURN code, collect(e {.code, .status, .at, .note, by: by {.*, _label: [l IN labels(by) WHERE l <> 'Entity'][0]}})
       AS items
