// The volunteer teams organized by each unit or Party organization, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:ORGANIZED_BY]-(t:VolunteerTeam)
WHERE
  // #include scope/_visible(t)
WITH code, t ORDER BY t.code
RETURN code, collect(t {.*, _label: 'VolunteerTeam'}) AS items
