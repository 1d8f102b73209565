// The service record (微服务) each wish's fulfilment left, if any and visible to the caller.
UNWIND $codes AS code
MATCH (:Wish {code: code})<-[:FULFILS]-(s:ServiceRecord)
WHERE
  // #include scope/_visible(s)
WITH code, s ORDER BY s.code
RETURN code, collect(s {.*, _label: 'ServiceRecord'}) AS items
