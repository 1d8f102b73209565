// The commendations (典型) each person received, newest first.
UNWIND $codes AS code
MATCH (:Person {code: code})<-[:TO]-(c:Commendation)
WITH code, c ORDER BY c.year DESC, c.code
RETURN code, collect(c {.*, _label: 'Commendation'}) AS items
