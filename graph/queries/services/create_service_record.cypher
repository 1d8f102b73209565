// Record a micro-service (微服务) a person gave a household.
MATCH (p:Person {code: $member}), (h:Household {code: $household})
CREATE (s:Entity:ServiceRecord {code: $code, kind: $kind, method: $method, servedOn: $servedOn,
                                description: $description})
CREATE (s)-[:BY]->(p)
CREATE (s)-[:FOR]->(h)
