// The area of each building: its own, or its compound's.
UNWIND $codes AS code
MATCH (:Building {code: code})-[:PART_OF*1..2]->(a:Area)
RETURN code, [a {.*, _label: 'Area'}] AS items
