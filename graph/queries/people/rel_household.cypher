// The household each person lives in.
UNWIND $codes AS code
MATCH (:Person {code: code})-[:RESIDES_IN]->(h:Household)
RETURN code, [h {.*, _label: 'Household'}] AS items
