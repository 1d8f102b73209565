// Holdings of building posts of an imported roster ($rows: {person, post, validFrom, validTo, endReason}).
UNWIND $rows AS row
MATCH (p:Person {code: row.person})
MATCH (post:Post {code: row.post})
CREATE (p)-[:HOLDS {validFrom: row.validFrom, validTo: row.validTo, endReason: row.endReason}]->(post)
RETURN count(*) AS written
