// Seed: create or update time-bounded ANSWERS_FOR relationships from $rows (merged on both ends and validFrom).
UNWIND $rows AS row
MATCH (a:Entity {code: row.from})
MATCH (b:Entity {code: row.to})
MERGE (a)-[r:ANSWERS_FOR {validFrom: row.validFrom}]->(b)
SET r.validTo = row.validTo, r.endReason = row.endReason
