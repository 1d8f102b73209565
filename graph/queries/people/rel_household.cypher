// The household each person lives in, if visible to the caller.
UNWIND $codes AS code
MATCH (:Person {code: code})-[:RESIDES_IN]->(h:Household)
WHERE
  // #include scope/_visible(h)
RETURN code, [h {.*, _label: 'Household'}] AS items
