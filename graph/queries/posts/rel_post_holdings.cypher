// Every holding of each post by a holder visible to the caller, ended ones included, oldest first: the holder with since, until and the end reason.
UNWIND $codes AS code
MATCH (:Post {code: code})<-[h:HOLDS]-(p:Person)
WHERE
  // #include scope/_visible(p)
WITH code, p, h ORDER BY h.validFrom, p.code
RETURN code, collect(p {.*, _label: 'Person', _since: h.validFrom, _until: h.validTo, _endReason: h.endReason}) AS items
