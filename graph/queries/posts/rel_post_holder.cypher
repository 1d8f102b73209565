// Who holds each post on $asOf, if visible to the caller (at most one; the latest appointed should two overlap).
UNWIND $codes AS code
MATCH (:Post {code: code})<-[h:HOLDS]-(p:Person)
WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
  // #include scope/_visible(p)
WITH code, p ORDER BY h.validFrom DESC, p.code
RETURN code, collect(p {.*, _label: 'Person'})[..1] AS items
