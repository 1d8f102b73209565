// The wishes of each household, in code order.
UNWIND $codes AS code
MATCH (:Household {code: code})<-[:FOR]-(w:Wish)
WITH code, w ORDER BY w.code
RETURN code, collect(w {.*, _label: 'Wish'}) AS items
