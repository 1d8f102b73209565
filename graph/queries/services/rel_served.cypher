// The compounds and grids each venue, self-governance body or deliberation platform serves on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})-[r:SERVES]->(t:Compound|Grid)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: [l IN labels(t) WHERE l <> 'Entity'][0]}) AS items
