// Every street visible to the caller, in code order.
MATCH (s:Street)
WHERE
  // #include scope/_visible(s)
RETURN s {.*, _label: 'Street'} AS node
ORDER BY s.code
