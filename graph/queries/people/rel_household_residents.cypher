// The residents of each household, in code order.
UNWIND $codes AS code
MATCH (:Household {code: code})<-[:RESIDES_IN]-(p:Person)
WITH code, p ORDER BY p.code
RETURN code, collect(p {.*, _label: 'Person'}) AS items
