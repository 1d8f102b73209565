// Of the given territory roots, those lying inside the allowed territory (a viewer's).
UNWIND $roots AS code
MATCH (r:Entity {code: code})
WHERE EXISTS { MATCH (r)-[:PART_OF*0..7]->(a:Entity) WHERE a.code IN $allowed }
RETURN collect(r.code) AS roots
