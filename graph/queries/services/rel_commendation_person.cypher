// The person each commendation went to.
UNWIND $codes AS code
MATCH (:Commendation {code: code})-[:TO]->(p:Person)
RETURN code, [p {.*, _label: 'Person'}] AS items
