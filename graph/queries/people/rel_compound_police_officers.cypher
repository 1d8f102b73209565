// The police officers (包片干警) visible to the caller holding a post for each compound, or its area, on $asOf, in code order.
UNWIND $codes AS code
MATCH (:Compound {code: code})-[:PART_OF*0..1]->(t)<-[:POST_OF]-(post:Post {role: 'POLICE_OFFICER'})
MATCH (post)<-[h:HOLDS]-(p:Person)
WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
  // #include scope/_visible(p)
WITH code, p ORDER BY p.code
RETURN code, collect(DISTINCT p {.*, _label: 'Person'}) AS items
