// How many micro-projects are at each compound or at its area (片区), counting those visible to the caller.
UNWIND $codes AS code
MATCH (c:Compound {code: code})
RETURN code, COUNT { MATCH (c)-[:PART_OF*0..1]->()<-[:AT]-(p:MicroProject)
                     WHERE
                       // #include scope/_visible(p)
                     RETURN DISTINCT p } AS value
