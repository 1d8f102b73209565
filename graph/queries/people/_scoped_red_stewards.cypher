// Fragment (#include'd, never run alone): the red stewards (红色管家) `p` of a scope that the caller may see: with
// $county every one, otherwise those living in a household under the territory roots.
CALL () {
  WITH 1 AS county WHERE $county
  MATCH (p:Person {redSteward: true})
  RETURN p
  UNION
  WITH 1 AS territory WHERE NOT $county
  MATCH (root:Entity) WHERE root.code IN $roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(:Area|Compound)
        <-[:PART_OF]-(:Building)<-[:PART_OF]-(:Household)<-[:RESIDES_IN]-(p:Person {redSteward: true})
  RETURN p
}
WITH DISTINCT p
WHERE
  // #include scope/_visible(p)
WITH p
