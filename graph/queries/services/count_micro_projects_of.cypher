// How many micro-projects each area has, each Party organization owns or each unit is coordinated with, counting those visible to the caller.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:AT|OWNED_BY|COORDINATED_WITH]-(p:MicroProject)
                     WHERE
                       // #include scope/_visible(p)
                     RETURN DISTINCT p } AS value
