// The self-governance bodies visible to the caller serving, on $asOf, a compound inside the territory roots, in code order.
MATCH (b:SelfGovernanceBody)
// Walk up from what it serves, never down from the roots.
WHERE any(up IN [(b)-[s:SERVES]->(:Compound)-[:PART_OF*0..7]->(x)
                 WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) | x.code]
          WHERE up IN $roots) AND
  // #include scope/_visible(b)
RETURN b {.*, _label: 'SelfGovernanceBody'} AS node
ORDER BY b.code
