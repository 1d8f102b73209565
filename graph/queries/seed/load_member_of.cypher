// Seed: create or update time-bounded MEMBER_OF relationships from $rows (merged on both ends and validFrom).
UNWIND $rows AS row
MATCH (a:Entity {code: row.from})
MATCH (b:Entity {code: row.to})
MERGE (a)-[r:MEMBER_OF {validFrom: row.validFrom}]->(b)
SET r.validTo = row.validTo, r.endReason = row.endReason, r.role = row.role, r.duty = row.duty
