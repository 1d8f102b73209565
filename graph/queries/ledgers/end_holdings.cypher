// End (or give the reason of the end of) holdings an imported roster names by person, post and first day ($rows: {person, post, validFrom, validTo, endReason}); the holding stays, with its last day.
UNWIND $rows AS row
MATCH (:Person {code: row.person})-[h:HOLDS {validFrom: row.validFrom}]->(:Post {code: row.post})
SET h.validTo = row.validTo, h.endReason = row.endReason
RETURN count(h) AS written
