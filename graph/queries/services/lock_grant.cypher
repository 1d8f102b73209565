// Lock a grant for a change (so concurrent changes queue) and report it, its recipient and its payer.
MATCH (g:Grant {code: $grant})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET g._lock = true
REMOVE g._lock
RETURN g.year AS year, g.disbursedOn AS disbursedOn, g.voidedOn AS voidedOn,
       COLLECT { MATCH (g)-[:TO|FROM]->(x:Entity) RETURN x.code AS code ORDER BY code } AS parties
