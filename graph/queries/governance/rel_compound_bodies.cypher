// The self-governance bodies (家委会, 物管会) visible to the caller serving each compound on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Compound {code: code})<-[r:SERVES]-(b:SelfGovernanceBody)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(b)
WITH code, b ORDER BY b.code
RETURN code, collect(DISTINCT b {.*, _label: 'SelfGovernanceBody'}) AS items
