// Record the day a grant was paid.
MATCH (g:Grant {code: $grant})
SET g.disbursedOn = $on
