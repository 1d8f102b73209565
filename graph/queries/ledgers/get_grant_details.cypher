// What the funds ledger says about each grant beside the grant itself: the Party organization it is paid to and the unit paying it.
UNWIND $codes AS code
MATCH (g:Grant {code: code})
RETURN code,
       COLLECT { MATCH (g)-[:TO]->(o:PartyOrganization) RETURN o.name LIMIT 1 }[0] AS organization,
       COLLECT { MATCH (g)-[:FROM]->(u:Unit) RETURN u.name LIMIT 1 }[0] AS source
