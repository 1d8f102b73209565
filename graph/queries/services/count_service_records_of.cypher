// How many service records (not retracted) each person gave or each household received, counting those visible to the caller.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:BY|FOR]-(s:ServiceRecord)
                     WHERE s.retractedOn IS NULL AND
                       // #include scope/_visible(s)
                     RETURN DISTINCT s } AS value
