// The county task force (治理专班), if visible to the caller.
MATCH (t:TaskForce)
WHERE
  // #include scope/_visible(t)
RETURN t {.*, _label: 'TaskForce'} AS node
ORDER BY t.code
LIMIT 1
