// How many cadres each unit employs, counting those visible to the caller.
UNWIND $codes AS code
MATCH (u:Unit {code: code})
RETURN code, COUNT { MATCH (u)<-[:WORKS_AT]-(p:Person)
                     WHERE
                       // #include scope/_visible(p)
                     } AS value
