// How many matters were raised at each deliberation platform or concern each compound or area, counting those visible to the caller.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:RAISED_AT|CONCERNS]-(m:Matter)
                     WHERE
                       // #include scope/_visible(m)
                     RETURN DISTINCT m } AS value
