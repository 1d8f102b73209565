// Entities by code visible to the caller (the others: no row), any type, each as its property map with its label in _label.
UNWIND $codes AS code
MATCH (n:Entity {code: code})
WHERE
  // #include scope/_visible(n)
RETURN n {.*, _label: [l IN labels(n) WHERE l <> 'Entity'][0]} AS node
