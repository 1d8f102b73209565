// The county task force (治理专班).
MATCH (t:TaskForce)
RETURN t {.*, _label: 'TaskForce'} AS node
ORDER BY t.code
LIMIT 1
