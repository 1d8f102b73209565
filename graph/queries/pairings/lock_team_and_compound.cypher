// Lock a volunteer team and a compound for a change to who serves it (so concurrent changes queue), and report what exists.
OPTIONAL MATCH (t:VolunteerTeam {code: $team})
OPTIONAL MATCH (c:Compound {code: $compound})
// A write takes the node's lock; setting and removing a marker leaves the node as it was.
SET t._lock = true, c._lock = true
REMOVE t._lock, c._lock
WITH t, c
OPTIONAL MATCH (t)-[r:SERVES]->(c)
RETURN t IS NOT NULL AS team, c IS NOT NULL AS compound,
       min(CASE WHEN r.validTo IS NULL THEN r.validFrom END) AS openSince, max(r.validTo) AS lastEnded
