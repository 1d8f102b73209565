// Building posts an imported roster needs that the building does not have yet ($rows: {code, role, title, building}).
UNWIND $rows AS row
MATCH (b:Building {code: row.building})
MERGE (post:Entity:Post {code: row.code})
SET post.role = row.role, post.title = row.title
MERGE (post)-[:POST_OF]->(b)
RETURN count(post) AS written
