// A page of the register (住户及居民台账): the households visible to the caller under the territory roots (every one with $county) in code order after $after, each with its building, grid and community and its residents visible to the caller, in code order.
// Households come off the code index in order and are checked upwards (a few PART_OF hops), so a page
// costs the same at the end of the county as at its start.
MATCH (h:Household)
WHERE h.code > $after
  AND ($county OR EXISTS { MATCH (h)-[:PART_OF*1..7]->(root:Entity) WHERE root.code IN $roots }) AND
  // #include scope/_visible(h)
WITH h ORDER BY h.code LIMIT $first
MATCH (h)-[:PART_OF]->(b:Building)-[:PART_OF*1..2]->(:Area)-[:PART_OF]->(g:Grid)-[:PART_OF]->(cm:Community)
RETURN h {.*, _label: 'Household'} AS household, b.code AS building, b.name AS buildingName, g.name AS grid,
       cm.name AS community,
       COLLECT {
         MATCH (h)<-[:RESIDES_IN]-(p:Person)
         WHERE
           // #include scope/_visible(p)
         RETURN p {.*, _label: 'Person'} AS person ORDER BY person.code
       } AS residents
ORDER BY h.code
