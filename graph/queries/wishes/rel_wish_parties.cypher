// Who and what each wish involves, as far as the caller may see: its household, requester, submitter, accepting organization and claimer (_as says which).
UNWIND $codes AS code
MATCH (:Wish {code: code})-[r:FOR|REQUESTED_BY|SUBMITTED_BY|ACCEPTED_BY|CLAIMED_BY]->(x:Entity)
WHERE
  // #include scope/_visible(x)
WITH code, r, x ORDER BY type(r), x.code
RETURN code, collect(x {.*, _label: [l IN labels(x) WHERE l <> 'Entity'][0], _as: type(r)}) AS items
