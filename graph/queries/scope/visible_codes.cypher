// Of the given entity codes, those a viewer limited to the territory $roots may see: anything inside it, attached to it, or above it.
UNWIND $codes AS code
MATCH (n:Entity {code: code})
WHERE EXISTS { MATCH (n)-[:PART_OF*0..7]->(r:Entity) WHERE r.code IN $roots }
   OR EXISTS { MATCH (r:Entity)-[:PART_OF*1..7]->(n) WHERE r.code IN $roots }
   OR EXISTS {
        MATCH (n)-[:RESIDES_IN|PAIRED_WITH|REPORTED_TO|ANSWERS_FOR|SERVES|POST_OF|FOR|AT|CONCERNS|OF|TO*1..2]->(t)
              -[:PART_OF*0..7]->(r:Entity)
        WHERE r.code IN $roots
      }
RETURN collect(code) AS codes
