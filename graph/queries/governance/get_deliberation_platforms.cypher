// The deliberation platforms visible to the caller serving, on $asOf, a compound or grid inside the territory roots, in code order.
MATCH (d:DeliberationPlatform)
// Walk up from what it serves, never down from the roots.
WHERE any(up IN [(d)-[s:SERVES]->(:Compound|Grid)-[:PART_OF*0..7]->(x)
                 WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) | x.code]
          WHERE up IN $roots) AND
  // #include scope/_visible(d)
RETURN d {.*, _label: 'DeliberationPlatform'} AS node
ORDER BY d.code
