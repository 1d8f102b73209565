// Fragment (#include'd, never run alone): the in-service cadres `p` of a scope that the caller may see: with $county
// every cadre, with $unit that unit's, otherwise those reporting in (报到) on $asOf to a grid under the territory roots.
CALL () {
  WITH 1 AS county WHERE $county
  MATCH (p:Person)-[:WORKS_AT]->(:Unit)
  RETURN p
  UNION
  WITH 1 AS unit WHERE $unit IS NOT NULL
  MATCH (:Unit {code: $unit})<-[:WORKS_AT]-(p:Person)
  RETURN p
  UNION
  WITH 1 AS territory WHERE NOT $county AND $unit IS NULL
  MATCH (root:Entity) WHERE root.code IN $roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid)){0,3}(:Grid)<-[r:REPORTED_TO]-(p:Person)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND EXISTS { (p)-[:WORKS_AT]->(:Unit) }
  RETURN p
}
WITH DISTINCT p
WHERE
  // #include scope/_visible(p)
WITH p
