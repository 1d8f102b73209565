// Record a grant to a Party organization from a paying unit (not yet disbursed).
MATCH (o:PartyOrganization {code: $organization}), (u:Unit {code: $unit})
CREATE (g:Entity:Grant {code: $code, kind: $kind, amountYuan: $amountYuan, year: $year})
CREATE (g)-[:TO]->(o)
CREATE (g)-[:FROM]->(u)
