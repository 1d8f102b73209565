// Of the given entity codes, those a viewer limited to the territory $roots may see: county-wide bodies, anything inside the territory, attached to it, or above it.
CALL () {
  UNWIND $roots AS root
  MATCH (:Entity {code: root})-[:PART_OF*0..7]->(above:Entity)
  RETURN collect(DISTINCT above.code) AS rootsAndAbove
}
UNWIND $codes AS code
MATCH (n:Entity {code: code})
// Where n stands: itself and what it lives in, is paired with, holds a post of, answers for, serves, is about.
WITH code, n, rootsAndAbove,
     [n] + [(n)-[:RESIDES_IN|PAIRED_WITH|REPORTED_TO|HOLDS|POST_OF|ANSWERS_FOR|SERVES|FOR|AT|CONCERNS|OF|TO*1..2]->(t:Entity)
            | t] AS anchors
// Climbing up from each anchor (pattern comprehensions start from bound nodes; an EXISTS subquery could
// be planned downward from the roots, through every household of the county).
WHERE n:Unit OR n:TaskForce OR code IN rootsAndAbove
   OR any(anchor IN anchors WHERE any(up IN [(anchor)-[:PART_OF*0..7]->(a:Entity) | a.code] WHERE up IN $roots))
RETURN collect(code) AS codes
