// How many grants (not voided) each Party organization received or each unit paid, counting those visible to the caller.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:TO|FROM]-(g:Grant)
                     WHERE g.voidedOn IS NULL AND
                       // #include scope/_visible(g)
                     RETURN DISTINCT g } AS value
