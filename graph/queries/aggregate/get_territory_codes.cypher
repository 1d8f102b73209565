// The codes of the county, its streets, communities and grids (the scopes the coverage aggregate answers for), with their labels, for checks.
MATCH (n:County|Street|Community|Grid)
RETURN n.code AS code, CASE WHEN n:County THEN 'County' ELSE 'below' END AS level
ORDER BY code
