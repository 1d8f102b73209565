// How many matters were raised at each deliberation platform or concern each compound or area.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
RETURN code, COUNT { MATCH (x)<-[:RAISED_AT|CONCERNS]-(m:Matter) RETURN DISTINCT m } AS value
