// The task forces each unit is a department of, those visible to the caller, with its role and duty there.
UNWIND $codes AS code
MATCH (:Unit {code: code})-[m:MEMBER_OF]->(t:TaskForce)
WHERE
  // #include scope/_visible(t)
WITH code, t, m ORDER BY t.code
RETURN code, collect(t {.*, _label: 'TaskForce', _role: m.role, _duty: m.duty}) AS items
