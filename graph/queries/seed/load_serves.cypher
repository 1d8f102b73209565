// Seed: create or update time-bounded SERVES relationships from $rows (merged on both ends and validFrom).
UNWIND $rows AS row
MATCH (a:Entity {code: row.from})
MATCH (b:Entity {code: row.to})
MERGE (a)-[r:SERVES {validFrom: row.validFrom}]->(b)
SET r.validTo = row.validTo, r.endReason = row.endReason
