// The deliberation platform each matter was raised at.
UNWIND $codes AS code
MATCH (:Matter {code: code})-[:RAISED_AT]->(d:DeliberationPlatform)
WITH code, d ORDER BY d.code
RETURN code, collect(d {.*, _label: 'DeliberationPlatform'}) AS items
