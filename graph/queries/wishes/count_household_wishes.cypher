// How many wishes each household has that the caller may see.
UNWIND $codes AS code
MATCH (h:Household {code: code})
RETURN code, COUNT { MATCH (h)<-[:FOR]-(w:Wish) WHERE
  // #include scope/_visible(w)
  } AS value
