// Void a grant recorded in error: it stays, marked with the day and the reason, and leaves the funds summary.
MATCH (g:Grant {code: $grant})
SET g.voidedOn = $today, g.voidReason = $reason
