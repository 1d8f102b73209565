// Retract a service record recorded in error: it stays, marked with the day and the reason, and leaves the default reads.
MATCH (s:ServiceRecord {code: $record})
SET s.retractedOn = $today, s.retractReason = $reason
