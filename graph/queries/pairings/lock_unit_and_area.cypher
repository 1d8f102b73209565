// Lock a unit and an area for a unit-pairing change (so concurrent changes queue), and report what exists.
OPTIONAL MATCH (u:Unit {code: $unit})
OPTIONAL MATCH (a:Area {code: $area})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET u._lock = true, a._lock = true
REMOVE u._lock, a._lock
WITH u, a
OPTIONAL MATCH (u)-[r:PAIRED_WITH]->(a)
RETURN u IS NOT NULL AS unit, a IS NOT NULL AS area,
       min(CASE WHEN r.validTo IS NULL THEN r.validFrom END) AS openSince, max(r.validTo) AS lastEnded
