// Lock a member and a grid for a reporting-in change (报到; so concurrent changes queue), and report the member's current grid.
OPTIONAL MATCH (p:Person {code: $member})
OPTIONAL MATCH (g:Grid {code: $grid})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET p._lock = true, g._lock = true
REMOVE p._lock, g._lock
WITH p, g
RETURN p IS NOT NULL AS member, g IS NOT NULL AS grid, coalesce(p.isPartyMember, false) AS isPartyMember,
       EXISTS { (p)-[:WORKS_AT]->(:Unit) } AS inService,
       COLLECT { MATCH (p)-[r:REPORTED_TO]->(current:Grid) WHERE r.validTo IS NULL
                 RETURN {grid: current.code, since: r.validFrom} AS open ORDER BY open.since DESC LIMIT 1 }[0] AS open,
       COLLECT { MATCH (p)-[r:REPORTED_TO]->(:Grid) WHERE r.validTo IS NOT NULL
                 RETURN r.validTo AS ended ORDER BY ended DESC LIMIT 1 }[0] AS lastEnded
