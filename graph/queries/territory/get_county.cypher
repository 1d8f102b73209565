// The county: the root of the territory.
MATCH (c:County)
RETURN c {.*, _label: 'County'} AS node
ORDER BY c.code
LIMIT 1
