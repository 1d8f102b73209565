// Seed: create FOR relationships from $rows (merged on both ends; loading twice adds nothing).
UNWIND $rows AS row
MATCH (a:Entity {code: row.from})
MATCH (b:Entity {code: row.to})
MERGE (a)-[:FOR]->(b)
