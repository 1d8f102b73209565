// How many wishes each household has.
UNWIND $codes AS code
MATCH (h:Household {code: code})
RETURN code, COUNT { (h)<-[:FOR]-(:Wish) } AS value
