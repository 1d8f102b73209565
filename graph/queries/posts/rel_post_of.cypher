// What each post belongs to: a Party organization, building, compound, area or the task force.
UNWIND $codes AS code
MATCH (:Post {code: code})-[:POST_OF]->(x:Entity)
RETURN code, collect(x {.*, _label: [l IN labels(x) WHERE l <> 'Entity'][0]}) AS items
