// The functional departments (units) each micro-project is coordinated with, in code order.
UNWIND $codes AS code
MATCH (:MicroProject {code: code})-[:COORDINATED_WITH]->(u:Unit)
WITH code, u ORDER BY u.code
RETURN code, collect(DISTINCT u {.*, _label: 'Unit'}) AS items
