// Grants paid (not voided) to Party organizations answering, on the day paid, for territory inside the roots, totalled by kind; optionally of one year.
MATCH (g:Grant)-[:TO]->(o:PartyOrganization)
WHERE ($year IS NULL OR g.year = $year)
  // Money not yet paid went nowhere yet; a voided grant was entered in error.
  AND g.disbursedOn IS NOT NULL AND g.voidedOn IS NULL
  // Walk up from the recipient's territory, never down from the roots.
  AND any(up IN [(o)-[a:ANSWERS_FOR]->()-[:PART_OF*0..7]->(x)
                 WHERE a.validFrom <= g.disbursedOn AND (a.validTo IS NULL OR g.disbursedOn < a.validTo) | x.code]
          WHERE up IN $roots)
WITH g.kind AS kind, count(g) AS grants, sum(g.amountYuan) AS amountYuan, count(DISTINCT o) AS organizations
RETURN kind, grants, amountYuan, organizations
ORDER BY kind
