// The micro-projects at each area, owned by each Party organization or coordinated with each unit, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:AT|OWNED_BY|COORDINATED_WITH]-(p:MicroProject)
WHERE
  // #include scope/_visible(p)
WITH code, p ORDER BY p.code
RETURN code, collect(DISTINCT p {.*, _label: 'MicroProject'}) AS items
