// Who gave each service record (a Person) and which household received it, those visible to the caller.
UNWIND $codes AS code
MATCH (:ServiceRecord {code: code})-[:BY|FOR]->(t:Person|Household)
WHERE
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
