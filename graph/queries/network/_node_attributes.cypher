// Fragment (#include'd, never run alone): the kept nodes `seen` of a network, each packed in one string with
// what a drawing colours it by: "code Label covered special kind stage name" (covered: households; special:
// households and people, only when $personal; kind and stage: compounds; '-' where it does not apply; the
// name, or a household's address, last since it may hold spaces). Needs $asOf, $personal, $windowStart,
// $minPairedShare; passes `edges` and `truncated` through.
WITH seen, edges, truncated,
     COLLECT {
       UNWIND seen AS c
       WITH c WHERE c:Compound
       CALL (c) {
         // #include coverage/_compound_stage
       }
       RETURN c.code + ' ' + stage AS stage
     } AS stages
RETURN [h IN seen | h.code + ' ' + [l IN labels(h) WHERE l <> 'Entity'][0] + ' '
         + CASE WHEN NOT h:Household THEN '-' WHEN
             // #include network/_household_covered
             THEN '1' ELSE '0' END + ' '
         + CASE WHEN NOT $personal THEN '-'
                WHEN h:Household THEN CASE WHEN EXISTS { (h)<-[:RESIDES_IN]-(r:Person) WHERE r.specialGroups > [] }
                                           THEN '1' ELSE '0' END
                WHEN h:Person THEN CASE WHEN h.specialGroups > [] THEN '1' ELSE '0' END
                ELSE '-' END + ' '
         + CASE WHEN h:Compound THEN h.kind ELSE '-' END + ' '
         + coalesce(CASE WHEN h:Household THEN h.address ELSE h.name END, '')] AS nodes,
       stages, edges, truncated
