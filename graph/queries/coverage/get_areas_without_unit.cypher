// The areas (片区) visible to the caller under the territory roots that no co-building unit is paired with on $asOf, in code order.
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area)){0,4}(a:Area)
WHERE
  // #include scope/_visible(a)
  AND NOT EXISTS {
    MATCH (a)<-[p:PAIRED_WITH]-(:Unit)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
WITH DISTINCT a
RETURN a {.*, _label: 'Area'} AS node
ORDER BY a.code
