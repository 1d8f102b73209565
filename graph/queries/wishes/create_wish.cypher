// Submit a wish (群众点单): the Wish (status SUBMITTED, version 1) for its household, its requester and submitter, and its first event, by $by.
MATCH (h:Household {code: $household})
CREATE (w:Entity:Wish {code: $code, title: $title, description: $description, category: $category,
                       status: 'SUBMITTED', submittedAt: datetime(), version: 1})-[:FOR]->(h)
CREATE (e:Entity:WishEvent {code: $event, status: 'SUBMITTED', at: w.submittedAt})-[:OF]->(w)
WITH w, e
CALL (w) { MATCH (r:Person {code: $requester}) CREATE (w)-[:REQUESTED_BY]->(r) }
CALL (w) { MATCH (s:Person {code: $submitter}) CREATE (w)-[:SUBMITTED_BY]->(s) }
CALL (e) { MATCH (by:Person {code: $by}) CREATE (e)-[:BY]->(by) }
