// Every street, in code order.
MATCH (s:Street)
RETURN s {.*, _label: 'Street'} AS node
ORDER BY s.code
