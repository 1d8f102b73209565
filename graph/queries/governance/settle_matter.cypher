// Settle a matter that has been carried out: DONE on a day, with its outcome.
MATCH (m:Matter {code: $matter})
SET m.step = 'DONE', m.settledOn = $on, m.outcome = $outcome
