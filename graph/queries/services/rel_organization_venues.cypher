// The venues each Party organization runs, in code order.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})<-[:RUN_BY]-(v:Venue)
WITH code, v ORDER BY v.code
RETURN code, collect(v {.*, _label: 'Venue'}) AS items
