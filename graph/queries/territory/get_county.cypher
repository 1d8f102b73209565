// The county, the root of the territory, if visible to the caller.
MATCH (c:County)
WHERE
  // #include scope/_visible(c)
RETURN c {.*, _label: 'County'} AS node
ORDER BY c.code
LIMIT 1
