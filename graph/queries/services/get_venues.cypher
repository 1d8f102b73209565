// The venues visible to the caller serving, on $asOf, a compound or grid inside the territory roots, in code order; optionally only upgraded ones.
MATCH (v:Venue)
WHERE (NOT $upgradedOnly OR v.upgraded)
  // Walk up from what it serves, never down from the roots.
  AND any(up IN [(v)-[s:SERVES]->(:Compound|Grid)-[:PART_OF*0..7]->(x)
                 WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) | x.code]
          WHERE up IN $roots) AND
  // #include scope/_visible(v)
RETURN v {.*, _label: 'Venue'} AS node
ORDER BY v.code
