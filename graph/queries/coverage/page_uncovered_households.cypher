// A page of the households visible to the caller under the territory roots with nobody paired on $asOf (optionally only those with a special-group resident), in code order after $after ('' for the first page).
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)
      <-[:PART_OF]-(:Building)<-[:PART_OF]-(h:Household)
WHERE h.code > $after
  AND NOT EXISTS {
    MATCH (h)<-[p:PAIRED_WITH]-(:Person)
    WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
  AND (NOT $specialGroupsOnly OR EXISTS { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] }) AND
  // #include scope/_visible(h)
WITH DISTINCT h
RETURN h {.*, _label: 'Household'} AS node
ORDER BY h.code
LIMIT $first
