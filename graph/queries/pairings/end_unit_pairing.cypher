// End a unit's open pairing with an area: validTo is the first day it no longer holds; the record stays.
MATCH (:Unit {code: $unit})-[r:PAIRED_WITH]->(:Area {code: $area})
WHERE r.validTo IS NULL
SET r.validTo = $until, r.endReason = $reason
