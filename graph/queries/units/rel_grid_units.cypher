// The units visible to the caller paired with an area of each grid on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Grid {code: code})<-[:PART_OF]-(:Area)<-[r:PAIRED_WITH]-(u:Unit)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(u)
WITH code, u ORDER BY u.code
RETURN code, collect(DISTINCT u {.*, _label: 'Unit'}) AS items
