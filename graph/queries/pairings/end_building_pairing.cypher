// End a member's open pairing with a building: validTo is the first day it no longer holds; the record stays.
MATCH (:Person {code: $member})-[r:PAIRED_WITH]->(:Building {code: $building})
WHERE r.validTo IS NULL
SET r.validTo = $until, r.endReason = $reason
