// Add each {kind, day, delta} of $deltas (in (kind, day) order) to the count's change on that day; a change that comes to 0 is deleted.
UNWIND $deltas AS change
MERGE (d:CoverageDelta {kind: change.kind, day: change.day})
ON CREATE SET d.delta = 0
SET d.delta = d.delta + change.delta
WITH d WHERE d.delta = 0
DELETE d
