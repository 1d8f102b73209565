// Create or update households of an imported register ($rows: {code, building, address}), each in its building.
UNWIND $rows AS row
MATCH (b:Building {code: row.building})
MERGE (h:Entity:Household {code: row.code})
ON CREATE SET h.size = 0
SET h.address = row.address
MERGE (h)-[:PART_OF]->(b)
RETURN count(h) AS written
