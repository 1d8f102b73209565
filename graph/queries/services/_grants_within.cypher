// Fragment (#include'd, never run alone): the grants `g` visible to the caller to Party organizations answering, on the day paid (or today, while unpaid), for territory inside $roots; optionally of one $year and $kind; voided ones only when $includeVoided.
MATCH (g:Grant)-[:TO]->(o:PartyOrganization)
WHERE ($year IS NULL OR g.year = $year)
  AND ($kind IS NULL OR g.kind = $kind)
  AND ($includeVoided OR g.voidedOn IS NULL)
  // Walk up from the recipient's territory, never down from the roots.
  AND any(up IN [(o)-[a:ANSWERS_FOR]->()-[:PART_OF*0..7]->(x)
                 WHERE a.validFrom <= coalesce(g.disbursedOn, $today)
                   AND (a.validTo IS NULL OR coalesce(g.disbursedOn, $today) < a.validTo) | x.code]
          WHERE up IN $roots) AND
  // #include scope/_visible(g)
