// The organizations directly under each Party organization, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:UNDER]-(c:PartyOrganization)
WITH code, c ORDER BY c.code
RETURN code, collect(c {.*, _label: 'PartyOrganization'}) AS items
