// The volunteer teams each person currently belongs to, in code order.
UNWIND $codes AS code
MATCH (:Person {code: code})-[m:MEMBER_OF]->(t:VolunteerTeam)
WHERE m.validTo IS NULL
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: 'VolunteerTeam'}) AS items
