// End a member's open report to a grid: validTo is the first day it no longer holds; the record stays.
MATCH (:Person {code: $member})-[r:REPORTED_TO]->(:Grid {code: $grid})
WHERE r.validTo IS NULL
SET r.validTo = $until, r.endReason = $reason
