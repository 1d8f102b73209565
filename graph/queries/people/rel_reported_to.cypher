// The grid each person reports in (报到) to on $asOf (if visible to the caller), and since when.
UNWIND $codes AS code
MATCH (p:Person {code: code})-[r:REPORTED_TO]->(g:Grid)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(g)
WITH code, p, r, g ORDER BY r.validFrom DESC, g.code
RETURN code, collect({code: g.code, member: p {.*, _label: 'Person'}, grid: g {.*, _label: 'Grid'},
                      since: r.validFrom, until: r.validTo, endReason: r.endReason}) AS items
