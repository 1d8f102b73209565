// Of the given territory roots, those lying inside the allowed territory (a viewer's).
UNWIND $roots AS code
MATCH (r:Entity {code: code})
WHERE any(up IN [(r)-[:PART_OF*0..7]->(a:Entity) | a.code] WHERE up IN $allowed)
RETURN collect(r.code) AS roots
