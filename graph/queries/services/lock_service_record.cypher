// Lock a service record for a change (so concurrent changes queue) and report it, its giver and household, and the wish it fulfils.
MATCH (s:ServiceRecord {code: $record})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET s._lock = true
REMOVE s._lock
RETURN s.retractedOn AS retractedOn,
       COLLECT { MATCH (s)-[:FOR|BY]->(x:Entity) RETURN x.code AS code ORDER BY code } AS parties,
       COLLECT { MATCH (s)-[:FULFILS]->(w:Wish) RETURN w.code AS wish LIMIT 1 }[0] AS wish
