// Fragment (#include'd, never run alone): the kept nodes `seen` of a network, each packed in one string with
// what a drawing colours it by: "code Label covered special kind name" (covered: households; special:
// households and people, only when $personal; kind: compounds; '-' where it does not apply; the name, or a
// household's address, last since it may hold spaces), in the order of `seen`; and each compound's five-haves
// stage ("code stage" in `stages`). Needs $asOf, $personal, $windowStart, $minCoveredShare; passes `edges` and
// `truncated` through.
CALL (seen) {
  UNWIND seen AS c
  WITH c WHERE c:Compound
  CALL (c) {
    // #include coverage/_compound_stage
  }
  RETURN collect(c.code + ' ' + stage) AS stages
}
CALL (seen) {
  UNWIND range(0, size(seen) - 1) AS i
  WITH i, seen[i] AS h
  // #include network/_household_covered
  WITH i, h, h:Household AND covered AS covered
  ORDER BY i
  RETURN collect(h.code + ' ' + [l IN labels(h) WHERE l <> 'Entity'][0] + ' '
           + CASE WHEN NOT h:Household THEN '-' WHEN covered THEN '1' ELSE '0' END + ' '
           + CASE WHEN NOT $personal THEN '-'
                  WHEN h:Household THEN CASE WHEN EXISTS { (h)<-[:RESIDES_IN]-(r:Person) WHERE r.specialGroups > [] }
                                             THEN '1' ELSE '0' END
                  WHEN h:Person THEN CASE WHEN h.specialGroups > [] THEN '1' ELSE '0' END
                  ELSE '-' END + ' '
           + CASE WHEN h:Compound THEN h.kind ELSE '-' END + ' '
           + coalesce(CASE WHEN h:Household THEN h.address ELSE h.name END, '')) AS nodes
}
RETURN nodes, stages, edges, truncated
