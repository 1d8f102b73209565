// A page of the households visible to the caller under the territory roots not covered on $asOf (coverage/_household_coverage), in key order: special-group households (key $specialPrefix + code, after $afterSpecial; none when null), then the rest (key $restPrefix + code, after $afterRest; none when null; with $restWithoutSpecial only households without a special-group resident).
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
WITH DISTINCT b
// #include coverage/_building_coverage(b)
// A building someone is paired with covers all its households: none of them is read.
WITH b, pairedViaBuilding WHERE NOT pairedViaBuilding
MATCH (b)<-[:PART_OF]-(h:Household)
// Whether a household has a special-group resident matters only when the page lists or skips those households
// (a walk of every household's residents otherwise, most of the query's time on a plain page).
WITH h, pairedViaBuilding, CASE WHEN $afterSpecial IS NULL AND NOT $restWithoutSpecial THEN false
  ELSE EXISTS { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] } END AS special
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
