// What the wish ledger says about each wish beside the wish itself: its household, who ordered it, the organization that accepted it and the member who claimed it (people only when visible to the caller).
UNWIND $codes AS code
MATCH (w:Wish {code: code})-[:FOR]->(h:Household)
RETURN code, h {.code, .address, _label: 'Household'} AS household,
       COLLECT { MATCH (w)-[:REQUESTED_BY]->(p:Person) WHERE
                   // #include scope/_visible(p)
                 RETURN p {.code, .name, _label: 'Person'} LIMIT 1 }[0] AS requester,
       COLLECT { MATCH (w)-[:ACCEPTED_BY]->(o:PartyOrganization) RETURN o.name LIMIT 1 }[0] AS acceptedBy,
       COLLECT { MATCH (w)-[:CLAIMED_BY]->(p:Person) WHERE
                   // #include scope/_visible(p)
                 RETURN p {.code, .name, _label: 'Person'} LIMIT 1 }[0] AS claimedBy
