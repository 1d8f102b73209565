// Lock a member and a building for a building-pairing change (so concurrent changes queue), and report what exists.
OPTIONAL MATCH (p:Person {code: $member})
OPTIONAL MATCH (b:Building {code: $building})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET p._lock = true, b._lock = true
REMOVE p._lock, b._lock
WITH p, b
OPTIONAL MATCH (p)-[r:PAIRED_WITH]->(b)
RETURN p IS NOT NULL AS member, b IS NOT NULL AS building, coalesce(p.isPartyMember, false) AS isPartyMember,
       min(CASE WHEN r.validTo IS NULL THEN r.validFrom END) AS openSince, max(r.validTo) AS lastEnded
