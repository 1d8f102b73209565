// End (or give the reason of the end of) pairings an imported roster names by their two ends and first day ($rows: {person, target, validFrom, validTo, endReason}); the pairing stays, with its last day.
UNWIND $rows AS row
MATCH (:Person {code: row.person})-[r:PAIRED_WITH {validFrom: row.validFrom}]->(:Entity {code: row.target})
SET r.validTo = row.validTo, r.endReason = row.endReason
RETURN count(r) AS written
