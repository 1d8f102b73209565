// For each entity a change's input names ({field, code, labels}): whether it exists with one of the labels, and whether the caller ($scope) may see it.
UNWIND $inputs AS input
OPTIONAL MATCH (n:Entity {code: input.code})
WITH input, n, n IS NOT NULL AND any(l IN labels(n) WHERE l IN input.labels) AS exists
RETURN input.field AS field, exists,
       exists AND
         // #include scope/_visible(n)
       AS visible
