// Detach a volunteer team from a compound: validTo is the first day it no longer serves it; the record stays.
MATCH (:VolunteerTeam {code: $team})-[r:SERVES]->(:Compound {code: $compound})
WHERE r.validTo IS NULL
SET r.validTo = $until, r.endReason = $reason
