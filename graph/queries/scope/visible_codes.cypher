// Of the given entity codes, those the caller ($scope) may see, in the order given.
UNWIND $codes AS code
MATCH (n:Entity {code: code})
WHERE
  // #include scope/_visible(n)
RETURN collect(code) AS codes
