// Complete a micro-project: IN_PROGRESS becomes COMPLETED on a day, at 100 %.
MATCH (p:MicroProject {code: $project})
SET p.status = 'COMPLETED', p.completedOn = $on, p.progress = 100
