// How many buildings visible to the caller under the territory roots have a building-leader post nobody holds on $asOf.
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
WHERE
  // #include scope/_visible(b)
  AND NOT EXISTS {
    MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[h:HOLDS]-(:Person)
    WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) }
RETURN count(DISTINCT b) AS value
