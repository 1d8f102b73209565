// End a member's open pairing with a household: validTo is the first day it no longer holds; the record stays.
MATCH (:Person {code: $member})-[r:PAIRED_WITH]->(:Household {code: $household})
WHERE r.validTo IS NULL
SET r.validTo = $until, r.endReason = $reason
