// Record how far a micro-project has got (per cent done).
MATCH (p:MicroProject {code: $project})
SET p.progress = $progress
