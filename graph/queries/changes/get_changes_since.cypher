// Audit records of wish steps and pairings written at or after $since and not in $seen, oldest first, each with the wish it moved and the household or building it happened at (the live change feed, graph/feed.py).
MATCH (a:AuditRecord)
WHERE a.at >= $since AND NOT a.id IN $seen AND (a.action IN $wishActions OR a.action IN $coverageActions)
WITH a ORDER BY a.at LIMIT $limit
RETURN a.id AS id, a.at AS at, a.action AS action, a.before AS before, a.after AS after,
       COLLECT { MATCH (a)-[:CONCERNS]->(w:Wish) RETURN w.code AS code LIMIT 1 }[0] AS wish,
       COLLECT { MATCH (a)-[:CONCERNS]->(t:Household|Building)
                 RETURN t.code AS code ORDER BY CASE WHEN t:Household THEN 0 ELSE 1 END LIMIT 1 }[0] AS anchor
