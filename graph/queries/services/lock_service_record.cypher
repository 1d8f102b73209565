// Lock a service record for a change (so concurrent changes queue) and report it, its giver and its household.
MATCH (s:ServiceRecord {code: $record})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET s._lock = true
REMOVE s._lock
RETURN s.retractedOn AS retractedOn,
       COLLECT { MATCH (s)-[:FOR|BY]->(x:Entity) RETURN x.code AS code ORDER BY code } AS parties
