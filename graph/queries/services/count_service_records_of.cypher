// How many service records (not retracted) each person gave or each household received.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:BY|FOR]-(s:ServiceRecord) WHERE s.retractedOn IS NULL RETURN DISTINCT s } AS value
