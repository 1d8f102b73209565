// How many wishes each household has, counting those visible to the caller.
UNWIND $codes AS code
MATCH (h:Household {code: code})
RETURN code, COUNT { MATCH (h)<-[:FOR]-(w:Wish)
                     WHERE
                       // #include scope/_visible(w)
                     RETURN w } AS value
