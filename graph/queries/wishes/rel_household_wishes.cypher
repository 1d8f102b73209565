// The wishes of each household, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Household {code: code})<-[:FOR]-(w:Wish)
WHERE
  // #include scope/_visible(w)
WITH code, w ORDER BY w.code
RETURN code, collect(w {.*, _label: 'Wish'}) AS items
