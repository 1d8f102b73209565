// Create or update people of an imported register ($rows: {code, properties, household}): properties set (a null one removed), and living in the household named (the household they lived in before, if another, left).
UNWIND $rows AS row
MATCH (h:Household {code: row.household})
MERGE (p:Entity:Person {code: row.code})
SET p += row.properties
WITH p, h
CALL (p, h) {
  MATCH (p)-[old:RESIDES_IN]->(other:Household)
  WHERE other <> h
  DELETE old
}
MERGE (p)-[:RESIDES_IN]->(h)
RETURN count(p) AS written
