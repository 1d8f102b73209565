// Record the reads in full of sensitive fields one request made: per field, who read whose (PIPL), linked to each person or household read.
UNWIND $entries AS entry
CREATE (a:AccessRecord {id: randomUUID(), at: datetime(), actor: $actor, actorRole: $actorRole, requestId: $requestId,
                        field: entry.field})
WITH a, entry
UNWIND entry.subjects AS code
MATCH (s:Entity {code: code})
CREATE (a)-[:ACCESSED]->(s)
RETURN count(*) AS linked
