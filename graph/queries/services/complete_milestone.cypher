// Mark a milestone done on a day.
MATCH (m:Milestone {code: $milestone})
SET m.doneOn = $doneOn
