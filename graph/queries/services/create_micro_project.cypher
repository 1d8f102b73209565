// Create a micro-project (PLANNED, 0 %) owned by a Party organization, at a compound or area, coordinated with units.
MATCH (o:PartyOrganization {code: $owner})
MATCH (site:Entity {code: $site}) WHERE site:Compound OR site:Area
CREATE (p:Entity:MicroProject {code: $code, name: $name, kind: $kind, budgetYuan: $budgetYuan, status: 'PLANNED',
                               progress: 0, plannedStartOn: $plannedStartOn})
CREATE (p)-[:OWNED_BY]->(o)
CREATE (p)-[:AT]->(site)
WITH p
UNWIND $units AS unit
MATCH (u:Unit {code: unit})
CREATE (p)-[:COORDINATED_WITH]->(u)
RETURN count(*) AS coordinated
