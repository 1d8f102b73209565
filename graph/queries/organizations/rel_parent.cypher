// The parent organization of each Party organization, if visible to the caller.
UNWIND $codes AS code
MATCH (:PartyOrganization {code: code})-[:UNDER]->(p:PartyOrganization)
WHERE
  // #include scope/_visible(p)
RETURN code, [p {.*, _label: 'PartyOrganization'}] AS items
