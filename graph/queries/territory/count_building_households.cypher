// How many households each building holds, counting those visible to the caller.
UNWIND $codes AS code
MATCH (b:Building {code: code})
RETURN code, COUNT { MATCH (b)<-[:PART_OF]-(h:Household)
                     WHERE
                       // #include scope/_visible(h)
                     } AS value
