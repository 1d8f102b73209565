// Start a micro-project: PLANNED becomes IN_PROGRESS on a day.
MATCH (p:MicroProject {code: $project})
SET p.status = 'IN_PROGRESS', p.startedOn = $on
