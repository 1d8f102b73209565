// Add a milestone to a micro-project.
MATCH (p:MicroProject {code: $project})
CREATE (m:Entity:Milestone {code: $code, title: $title, dueOn: $dueOn})-[:OF]->(p)
