// For each building post a roster batch names ($posts: {key, building, role}): the building (whether it exists and the importer, $scope, may see it, its name), the post of that role of it, and every holding of the post, oldest first.
UNWIND $posts AS row
OPTIONAL MATCH (b:Building {code: row.building})
OPTIONAL CALL (b, row) {
  MATCH (b)<-[:POST_OF]-(post:Post {role: row.role})
  RETURN post ORDER BY post.code LIMIT 1
}
RETURN row.key AS key, b IS NOT NULL AS buildingExists, b.name AS buildingName,
       b IS NOT NULL AND
         // #include scope/_visible(b)
       AS buildingVisible,
       post.code AS post,
       COLLECT { MATCH (post)<-[h:HOLDS]-(p:Person)
                 RETURN {person: p.code, validFrom: h.validFrom, validTo: h.validTo, endReason: h.endReason} AS holding
                 ORDER BY holding.validFrom } AS holdings
