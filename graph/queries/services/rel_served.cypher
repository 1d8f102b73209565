// The compounds and grids each venue, self-governance body or deliberation platform serves on $asOf, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})-[r:SERVES]->(t:Compound|Grid)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
