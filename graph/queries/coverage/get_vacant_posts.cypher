// The posts visible to the caller (with what they are of) that nobody holds on $asOf (optionally of one role) belonging to the territory under the roots or to a Party organization answering for it; with $county, every post. With the day the last holding ended.
CALL () {
  WITH 1 AS county WHERE $county
  MATCH (post:Post)-[:POST_OF]->(of:Entity)
  RETURN post, of
  UNION
  WITH 1 AS scoped WHERE NOT $county
  MATCH (root:Entity) WHERE root.code IN $roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(t)
  CALL (t) {
    MATCH (t)<-[:POST_OF]-(post:Post)
    RETURN post, t AS of
    UNION
    MATCH (t)<-[:PART_OF]-(of:Building)<-[:POST_OF]-(post:Post)
    RETURN post, of
    UNION
    MATCH (t)<-[af:ANSWERS_FOR]-(of:PartyOrganization)<-[:POST_OF]-(post:Post)
    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo)
    RETURN post, of
  }
  RETURN post, of
}
WITH DISTINCT post, of
WHERE ($role IS NULL OR post.role = $role) AND
  // #include scope/_visible(post)
  AND
  // #include scope/_visible(of)
  AND NOT EXISTS {
    MATCH (post)<-[h:HOLDS]-(:Person)
    WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) }
RETURN post.code AS code, post.role AS role, post.title AS title,
       of {.*, _label: [l IN labels(of) WHERE l <> 'Entity'][0]} AS of,
       COLLECT { MATCH (post)<-[h:HOLDS]-(:Person) WHERE h.validTo <= $asOf
                 RETURN h.validTo AS ended ORDER BY ended DESC LIMIT 1 }[0] AS vacantSince
ORDER BY code
