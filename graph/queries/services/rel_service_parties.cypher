// Who gave each service record (a Person) and which household received it.
UNWIND $codes AS code
MATCH (:ServiceRecord {code: code})-[:BY|FOR]->(t:Person|Household)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
