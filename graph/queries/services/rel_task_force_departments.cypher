// The departments (units) of each task force, those visible to the caller, with their role and duty, the lead first.
UNWIND $codes AS code
MATCH (:TaskForce {code: code})<-[m:MEMBER_OF]-(u:Unit)
WHERE
  // #include scope/_visible(u)
WITH code, u, m ORDER BY CASE m.role WHEN 'LEAD' THEN 0 ELSE 1 END, u.code
RETURN code, collect(u {.*, _label: 'Unit', _role: m.role, _duty: m.duty}) AS items
