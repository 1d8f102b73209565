// The posts each person holds on $asOf (those the caller may see, with what they are of): the post, what it is of, since and until.
UNWIND $codes AS code
MATCH (:Person {code: code})-[h:HOLDS]->(post:Post)-[:POST_OF]->(x:Entity)
WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
  // #include scope/_visible(post)
  AND
  // #include scope/_visible(x)
WITH code, post, x, h ORDER BY h.validFrom, post.code
RETURN code, collect({code: post.code, role: post.role, since: h.validFrom, until: h.validTo,
                      of: x {.*, _label: [l IN labels(x) WHERE l <> 'Entity'][0]}}) AS items
