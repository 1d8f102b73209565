// How many micro-projects each area has, each Party organization owns or each unit is coordinated with.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:AT|OWNED_BY|COORDINATED_WITH]-(p:MicroProject) RETURN DISTINCT p } AS value
