// The milestones of each micro-project, by due date.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})<-[:OF]-(m:Milestone)
WITH code, m ORDER BY m.dueOn, m.code
RETURN code, collect(m {.*, _label: 'Milestone'}) AS items
