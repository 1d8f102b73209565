// The compounds each volunteer team (or venue, body, platform) serves on $asOf, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})-[r:SERVES]->(c:Compound)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(c)
WITH code, c ORDER BY c.code
RETURN code, collect(DISTINCT c {.*, _label: 'Compound'}) AS items
