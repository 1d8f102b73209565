// For each entity, the current holders of its posts on $asOf whom the caller may see: rows of {role, person}.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:POST_OF]-(post:Post)<-[h:HOLDS]-(p:Person)
WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
  // #include scope/_visible(p)
WITH code, post, p ORDER BY post.code, p.code
RETURN code, collect(p {.*, _label: 'Person', _role: post.role}) AS items
