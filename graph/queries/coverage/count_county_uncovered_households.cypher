// How many of the county's households visible to the caller are not covered on $asOf (coverage/_household_coverage), optionally only those with a special-group resident.
// All households: building by building, each judged once. Special-group ones: from their residents (the range index on
// Person.specialGroups; `> []` is "not empty"). Each way runs only when asked for.
CALL () {
  WITH 1 AS asked WHERE NOT $specialGroupsOnly
  MATCH (b:Building)
  // #include coverage/_building_coverage(b)
  MATCH (b)<-[:PART_OF]-(h:Household)
  WHERE
    // #include scope/_visible(h)
  // #include coverage/_household_coverage(h)
  RETURN count(CASE WHEN NOT covered THEN 1 END) AS uncovered
}
CALL () {
  WITH 1 AS asked WHERE $specialGroupsOnly
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)
  WHERE x.specialGroups > []
  WITH DISTINCT h
  WHERE
    // #include scope/_visible(h)
  MATCH (h)-[:PART_OF]->(b:Building)
  // #include coverage/_building_coverage(b)
  // #include coverage/_household_coverage(h)
  RETURN count(CASE WHEN NOT covered THEN 1 END) AS uncoveredSpecial
}
RETURN CASE WHEN $specialGroupsOnly THEN uncoveredSpecial ELSE uncovered END AS value
