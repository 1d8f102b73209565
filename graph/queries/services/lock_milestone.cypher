// Lock a milestone and its micro-project for a change (so concurrent changes queue) and report both.
MATCH (m:Milestone {code: $milestone})-[:OF]->(p:MicroProject)
// A write takes the nodes' locks; setting and removing a marker leaves them as they were.
SET m._lock = true, p._lock = true
REMOVE m._lock, p._lock
RETURN p.code AS project, p.status AS status, p.startedOn AS startedOn, m.dueOn AS dueOn, m.doneOn AS doneOn
