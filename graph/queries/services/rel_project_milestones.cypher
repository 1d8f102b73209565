// The milestones of each micro-project, those visible to the caller, by due date.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})<-[:OF]-(m:Milestone)
WHERE
  // #include scope/_visible(m)
WITH code, m ORDER BY m.dueOn, m.code
RETURN code, collect(m {.*, _label: 'Milestone'}) AS items
