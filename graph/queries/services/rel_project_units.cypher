// The functional departments (units) each micro-project is coordinated with, those visible to the caller, in code order.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})-[:COORDINATED_WITH]->(u:Unit)
WHERE
  // #include scope/_visible(u)
WITH code, u ORDER BY u.code
RETURN code, collect(DISTINCT u {.*, _label: 'Unit'}) AS items
