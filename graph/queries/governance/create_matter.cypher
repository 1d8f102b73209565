// Raise a matter at a deliberation platform about a compound or area, due on $dueOn; its first step, 相关方议 (DELIBERATE), starts the day it is raised.
MATCH (d:DeliberationPlatform {code: $platform})
MATCH (place:Entity {code: $place}) WHERE place:Compound OR place:Area
CREATE (m:Entity:Matter {code: $code, title: $title, kind: $kind, step: 'DELIBERATE', raisedOn: $raisedOn,
                         dueOn: $dueOn})
CREATE (m)-[:RAISED_AT]->(d)
CREATE (m)-[:CONCERNS]->(place)
CREATE (:Entity:MatterStep {code: $stepCode, step: 'DELIBERATE', on: $raisedOn, note: $note})-[:OF]->(m)
