// Pairings of an imported roster ($rows: {person, target, validFrom, validTo, endReason}): a cadre with a household (联户) or a building (包楼栋) from a day on, to a day if it ended.
UNWIND $rows AS row
MATCH (p:Person {code: row.person})
MATCH (t:Entity {code: row.target})
CREATE (p)-[:PAIRED_WITH {validFrom: row.validFrom, validTo: row.validTo, endReason: row.endReason}]->(t)
RETURN count(*) AS written
