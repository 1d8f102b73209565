// A page of the compounds visible to the caller under the territory roots in code order after $after ('' for the first page), optionally of one kind and at one five-haves stage on $asOf.
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(c:Compound)
WHERE c.code > $after AND ($kind IS NULL OR c.kind = $kind) AND
  // #include scope/_visible(c)
WITH DISTINCT c
ORDER BY c.code
// The stage only when filtering by it.
OPTIONAL CALL (c) {
  WITH c WHERE $stage IS NOT NULL
  // #include coverage/_compound_stage
}
WITH c, stage
WHERE $stage IS NULL OR stage = $stage
RETURN c {.*, _label: 'Compound'} AS node
ORDER BY c.code
LIMIT $first
