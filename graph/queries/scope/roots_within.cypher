// The part of a scope a viewer limited to the territory $allowed may count over: the scope's roots that lie inside the allowed territory, and the allowed roots that lie inside the scope (a grid's viewer asking about its community counts its grid).
CALL () {
  UNWIND $roots AS code
  MATCH (r:Entity {code: code})
  WHERE any(up IN [(r)-[:PART_OF*0..7]->(a:Entity) | a.code] WHERE up IN $allowed)
  RETURN r.code AS root
  UNION
  UNWIND $allowed AS code
  MATCH (r:Entity {code: code})
  WHERE any(up IN [(r)-[:PART_OF*0..7]->(a:Entity) | a.code] WHERE up IN $roots)
  RETURN r.code AS root
}
RETURN collect(root) AS roots
