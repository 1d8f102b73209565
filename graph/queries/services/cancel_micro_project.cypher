// Cancel a micro-project: it stays, with the day and the reason; its status becomes CANCELLED.
MATCH (p:MicroProject {code: $project})
SET p.status = 'CANCELLED', p.cancelledOn = $on, p.cancelReason = $reason
