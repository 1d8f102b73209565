// The commendations (典型) each person received, those visible to the caller, newest first.
UNWIND $codes AS code
MATCH (:Person {code: code})<-[:TO]-(c:Commendation)
WHERE
  // #include scope/_visible(c)
WITH code, c ORDER BY c.year DESC, c.code
RETURN code, collect(c {.*, _label: 'Commendation'}) AS items
