// The volunteer teams each person currently belongs to, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Person {code: code})-[m:MEMBER_OF]->(t:VolunteerTeam)
WHERE m.validTo IS NULL AND
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(DISTINCT t {.*, _label: 'VolunteerTeam'}) AS items
