// Lock a matter for a change (so concurrent steps queue) and report where it stands, the day of its latest step, and what it concerns.
MATCH (m:Matter {code: $matter})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET m._lock = true
REMOVE m._lock
RETURN m.step AS step, m.raisedOn AS raisedOn,
       COLLECT { MATCH (m)<-[:OF]-(s:MatterStep) RETURN s.on AS on ORDER BY on DESC LIMIT 1 }[0] AS lastOn,
       COLLECT { MATCH (m)-[:CONCERNS|RAISED_AT]->(x:Entity) RETURN x.code AS code ORDER BY code } AS parties
