// The compounds or areas each matter concerns, in code order.
UNWIND $codes AS code
MATCH (:Matter {code: code})-[:CONCERNS]->(t:Compound|Area)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
