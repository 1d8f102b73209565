// A page of the county's households visible to the caller not covered on $asOf (coverage/_household_coverage), in key order: special-group households (key $specialPrefix + code, after $afterSpecial; none when null), then the rest (key $restPrefix + code, after $afterRest; none when null; with $restWithoutSpecial only households without a special-group resident).
// Special-group households start from their residents (the range index on Person.specialGroups; `> []` is
// "not empty"), far fewer; the rest walk the code index in order and stop at the page's end.
CALL () {
  WITH 1 AS asked WHERE $afterSpecial IS NOT NULL
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)
  WHERE x.specialGroups > []
  WITH DISTINCT h
  WHERE h.code > $afterSpecial AND
    // #include scope/_visible(h)
  MATCH (h)-[:PART_OF]->(b:Building)
  // #include coverage/_building_coverage(b)
  // #include coverage/_household_coverage(h)
  WITH h WHERE NOT covered
  RETURN h, $specialPrefix + h.code AS key
  ORDER BY h.code
  LIMIT $first
  UNION
  WITH 1 AS asked WHERE $afterRest IS NOT NULL
  MATCH (h:Household)
  WHERE h.code > $afterRest
    AND (NOT $restWithoutSpecial OR NOT EXISTS { MATCH (h)<-[:RESIDES_IN]-(x:Person) WHERE x.specialGroups > [] })
    AND
    // #include scope/_visible(h)
  MATCH (h)-[:PART_OF]->(b:Building)
  // #include coverage/_building_coverage(b)
  // #include coverage/_household_coverage(h)
  WITH h WHERE NOT covered
  RETURN h, $restPrefix + h.code AS key
  ORDER BY h.code
  LIMIT $first
}
RETURN h {.*, _label: 'Household', _key: key} AS node
ORDER BY key
LIMIT $first
