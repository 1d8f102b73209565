// Accept a wish as an order (组织建单): ACCEPTED, version bumped, the accepting organization and expected day, an ACCEPTED event by it.
MATCH (w:Wish {code: $wish}), (o:PartyOrganization {code: $organization})
SET w.status = 'ACCEPTED', w.version = w.version + 1, w.expectedBy = coalesce($expectedBy, w.expectedBy)
CREATE (w)-[:ACCEPTED_BY]->(o)
CREATE (o)<-[:BY]-(:Entity:WishEvent {code: $event, status: 'ACCEPTED', at: datetime(), note: $note})-[:OF]->(w)
