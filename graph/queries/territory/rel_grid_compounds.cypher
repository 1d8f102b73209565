// The compounds visible to the caller inside each grid (through its areas), in code order.
UNWIND $codes AS code
MATCH (:Grid {code: code})<-[:PART_OF]-(:Area)<-[:PART_OF]-(c:Compound)
WHERE
  // #include scope/_visible(c)
WITH code, c ORDER BY c.code
RETURN code, collect(c {.*, _label: 'Compound'}) AS items
