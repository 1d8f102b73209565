// How many grants (not voided) each Party organization received or each unit paid.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:TO|FROM]-(g:Grant) WHERE g.voidedOn IS NULL RETURN DISTINCT g } AS value
