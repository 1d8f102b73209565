// The deliberation platform each matter was raised at, if visible to the caller.
UNWIND $codes AS code
MATCH (:Matter {code: code})-[:RAISED_AT]->(d:DeliberationPlatform)
WHERE
  // #include scope/_visible(d)
WITH code, d ORDER BY d.code
RETURN code, collect(d {.*, _label: 'DeliberationPlatform'}) AS items
