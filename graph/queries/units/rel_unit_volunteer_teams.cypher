// The volunteer teams organized by each unit or Party organization, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:ORGANIZED_BY]-(t:VolunteerTeam)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: 'VolunteerTeam'}) AS items
