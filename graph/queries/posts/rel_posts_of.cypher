// The posts visible to the caller belonging to each entity (a Party organization, building, compound or area), in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:POST_OF]-(post:Post)
WHERE
  // #include scope/_visible(post)
WITH code, post ORDER BY post.code
RETURN code, collect(post {.*, _label: 'Post'}) AS items
