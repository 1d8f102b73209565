// Vacate a post: its open holding ends (validTo is the first day the post is vacant); the record stays.
MATCH (:Post {code: $post})<-[h:HOLDS]-(:Person)
WHERE h.validTo IS NULL
SET h.validTo = $until, h.endReason = $reason
