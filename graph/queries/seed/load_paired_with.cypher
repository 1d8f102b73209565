// Seed: create or update time-bounded PAIRED_WITH relationships from $rows (merged on both ends and validFrom).
UNWIND $rows AS row
MATCH (a:Entity {code: row.from})
MATCH (b:Entity {code: row.to})
MERGE (a)-[r:PAIRED_WITH {validFrom: row.validFrom}]->(b)
SET r.validTo = row.validTo, r.endReason = row.endReason
