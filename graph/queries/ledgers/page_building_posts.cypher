// A page of the building-post roster (楼栋长及党员中心户台账): the posts of the roles $roles visible to the caller of buildings under the territory roots (every one with $county), in code order after $after, each with its building, compound or area, grid and community, and every holding of it (ended ones too) by a person visible to the caller.
MATCH (post:Post)-[:POST_OF]->(b:Building)
WHERE post.code > $after AND post.role IN $roles
  AND ($county OR EXISTS { MATCH (b)-[:PART_OF*1..6]->(root:Entity) WHERE root.code IN $roots }) AND
  // #include scope/_visible(post)
WITH post, b ORDER BY post.code LIMIT $first
MATCH (b)-[:PART_OF]->(around:Compound|Area)
MATCH (b)-[:PART_OF*1..2]->(:Area)-[:PART_OF]->(g:Grid)-[:PART_OF]->(cm:Community)
RETURN post {.*, _label: 'Post'} AS post, b.code AS building, b.name AS buildingName, around.name AS compound,
       g.name AS grid, cm.name AS community,
       COLLECT {
         MATCH (post)<-[h:HOLDS]-(p:Person)
         WHERE
           // #include scope/_visible(p)
         WITH h, p ORDER BY h.validFrom
         RETURN {person: p {.*, _label: 'Person'}, validFrom: h.validFrom, validTo: h.validTo, endReason: h.endReason}
       } AS holdings
ORDER BY post.code
