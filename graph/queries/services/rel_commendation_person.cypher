// The person each commendation went to, if visible to the caller.
UNWIND $codes AS code
MATCH (:Commendation {code: code})-[:TO]->(p:Person)
WHERE
  // #include scope/_visible(p)
RETURN code, [p {.*, _label: 'Person'}] AS items
