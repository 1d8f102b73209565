// The parent organization of each Party organization.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})-[:UNDER]->(p:PartyOrganization)
RETURN code, [p {.*, _label: 'PartyOrganization'}] AS items
