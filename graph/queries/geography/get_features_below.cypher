// The map of a scope: the territory with a place on the map under the roots (the roots included), of the labels asked for, with households, coverage and stage (geography/_feature_rows).
MATCH (root:Entity) WHERE root.code IN $roots
MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound|Building)){0,6}(f:Street|Community|Grid|Area|Compound|Building)
WHERE any(l IN labels(f) WHERE l IN $labels)
// #include geography/_feature_rows
