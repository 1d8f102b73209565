// Lock a micro-project for a change (so concurrent changes queue) and report its state, its site and owner, and its milestones.
MATCH (p:MicroProject {code: $project})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET p._lock = true
REMOVE p._lock
RETURN p.status AS status, p.progress AS progress, p.plannedStartOn AS plannedStartOn, p.startedOn AS startedOn,
       p.completedOn AS completedOn, p.cancelledOn AS cancelledOn,
       COLLECT { MATCH (p)-[:AT|OWNED_BY]->(x:Entity) RETURN x.code AS code ORDER BY code } AS parties,
       COUNT { (p)<-[:OF]-(m:Milestone) WHERE m.doneOn IS NULL } AS openMilestones,
       COUNT { (p)<-[:OF]-(m:Milestone) } AS milestones,
       COLLECT { MATCH (p)<-[:OF]-(m:Milestone) WHERE m.doneOn IS NOT NULL
                 RETURN m.doneOn AS done ORDER BY done DESC LIMIT 1 }[0] AS lastDone
