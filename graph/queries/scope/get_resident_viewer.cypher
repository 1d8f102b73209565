// What a resident sees: themselves, their household, its residents, wishes and service records, and what lies above it in the territory.
MATCH (p:Person {code: $person})-[:RESIDES_IN]->(h:Household)
OPTIONAL MATCH (h)<-[:RESIDES_IN|FOR]-(x:Entity)
WITH h, collect(DISTINCT x.code) AS ofHousehold
MATCH (h)-[:PART_OF*1..7]->(above:Entity)
WITH h, ofHousehold, collect(DISTINCT above.code) AS above
RETURN [h.code] + ofHousehold + above AS codes
