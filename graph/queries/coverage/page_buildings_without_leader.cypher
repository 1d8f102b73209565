// A page of the buildings visible to the caller under the territory roots whose building-leader post nobody holds on $asOf, in code order after $after ('' for the first page).
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
WHERE b.code > $after AND
  // #include scope/_visible(b)
  AND NOT EXISTS {
    MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
    WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) }
WITH DISTINCT b
RETURN b {.*, _label: 'Building'} AS node
ORDER BY b.code
LIMIT $first
