// The residents of each household, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Household {code: code})<-[:RESIDES_IN]-(p:Person)
WHERE
  // #include scope/_visible(p)
WITH code, p ORDER BY p.code
RETURN code, collect(p {.*, _label: 'Person'}) AS items
