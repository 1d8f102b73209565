// Lock a member and a household for a pairing change (so concurrent changes queue), and report what exists.
OPTIONAL MATCH (p:Person {code: $member})
OPTIONAL MATCH (h:Household {code: $household})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET p._lock = true, h._lock = true
REMOVE p._lock, h._lock
WITH p, h
OPTIONAL MATCH (p)-[r:PAIRED_WITH]->(h)
RETURN p IS NOT NULL AS member, h IS NOT NULL AS household, coalesce(p.isPartyMember, false) AS isPartyMember,
       min(CASE WHEN r.validTo IS NULL THEN r.validFrom END) AS openSince, max(r.validTo) AS lastEnded
