// Record the next step a matter reached (党组织理, 居民代表评 or 多方合作办) on a day, and move the matter to it.
MATCH (m:Matter {code: $matter})
SET m.step = $step
CREATE (:Entity:MatterStep {code: $code, step: $step, on: $on, note: $note})-[:OF]->(m)
