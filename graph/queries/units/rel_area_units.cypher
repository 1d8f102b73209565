// The units visible to the caller paired with each area on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Area {code: code})<-[r:PAIRED_WITH]-(u:Unit)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(u)
WITH code, u ORDER BY u.code
RETURN code, collect(DISTINCT u {.*, _label: 'Unit'}) AS items
