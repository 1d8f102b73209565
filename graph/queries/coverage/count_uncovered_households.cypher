// How many households visible to the caller under the territory roots are not covered on $asOf (coverage/_household_coverage), optionally only those with a special-group resident.
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)<-[:PART_OF]-(b:Building)
WITH DISTINCT b
// #include coverage/_building_coverage(b)
MATCH (b)<-[:PART_OF]-(h:Household)
WHERE (NOT $specialGroupsOnly OR EXISTS { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] }) AND
  // #include scope/_visible(h)
// #include coverage/_household_coverage(h)
RETURN count(CASE WHEN NOT covered THEN 1 END) AS value
