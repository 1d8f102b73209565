// A page of the households visible to the caller under the territory roots not covered on $asOf (coverage/_household_coverage), in key order: special-group households (key $specialPrefix + code, after $afterSpecial; none when null), then the rest (key $restPrefix + code, after $afterRest; none when null; with $restWithoutSpecial only households without a special-group resident).
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
WITH DISTINCT b
// #include coverage/_building_coverage(b)
MATCH (b)<-[:PART_OF]-(h:Household)
WITH h, pairedViaBuilding, EXISTS { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] } AS special
WITH h, pairedViaBuilding, CASE
    WHEN special AND $afterSpecial IS NOT NULL AND h.code > $afterSpecial THEN $specialPrefix + h.code
    WHEN (NOT special OR NOT $restWithoutSpecial) AND $afterRest IS NOT NULL AND h.code > $afterRest
      THEN $restPrefix + h.code
  END AS key
WHERE key IS NOT NULL AND
  // #include scope/_visible(h)
// #include coverage/_household_coverage(h)
WITH h, key WHERE NOT covered
RETURN h {.*, _label: 'Household', _key: key} AS node
ORDER BY key
LIMIT $first
