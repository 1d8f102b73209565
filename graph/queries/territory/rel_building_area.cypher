// The area of each building, its own or its compound's, if visible to the caller.
UNWIND $codes AS code
MATCH (:Building {code: code})-[:PART_OF*1..2]->(a:Area)
WHERE
  // #include scope/_visible(a)
RETURN code, [a {.*, _label: 'Area'}] AS items
