// A page of the pairing roster (包片联户台账): the people visible to the caller, in code order after $after, paired (on any day) with a household or building under the territory roots (every one with $county), or cadres reporting in to a grid under them on $asOf; each with their unit, the grid they report to on $asOf, and every such pairing visible to the caller (ended ones too), with where its household or building lies.
MATCH (p:Person)
WHERE p.code > $after
  AND (EXISTS { MATCH (p)-[:PAIRED_WITH]->(t:Household|Building)
                WHERE $county OR EXISTS { MATCH (t)-[:PART_OF*1..6]->(root:Entity) WHERE root.code IN $roots } }
       OR EXISTS { MATCH (p)-[r:REPORTED_TO]->(g:Grid)
                   WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
                     AND EXISTS { (p)-[:WORKS_AT]->(:Unit) }
                     AND ($county OR EXISTS { MATCH (g)-[:PART_OF*0..2]->(root:Entity) WHERE root.code IN $roots }) })
  AND
  // #include scope/_visible(p)
WITH p ORDER BY p.code LIMIT $first
RETURN p {.*, _label: 'Person'} AS person,
       COLLECT { MATCH (p)-[:WORKS_AT]->(u:Unit) RETURN u.name LIMIT 1 }[0] AS unit,
       COLLECT { MATCH (p)-[r:REPORTED_TO]->(g:Grid)
                 WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
                 RETURN g.name LIMIT 1 }[0] AS reportedTo,
       COLLECT {
         MATCH (p)-[r:PAIRED_WITH]->(t:Household|Building)
         MATCH (t)-[:PART_OF*0..1]->(b:Building)-[:PART_OF*1..2]->(:Area)-[:PART_OF]->(g:Grid)-[:PART_OF]->(cm:Community)
         WHERE ($county OR EXISTS { MATCH (t)-[:PART_OF*1..6]->(root:Entity) WHERE root.code IN $roots }) AND
           // #include scope/_visible(t)
         WITH r, t, g, cm ORDER BY r.validFrom, t.code
         RETURN {label: CASE WHEN t:Household THEN 'Household' ELSE 'Building' END,
                 target: t {.code, .name, .address, _label: CASE WHEN t:Household THEN 'Household' ELSE 'Building' END},
                 grid: g.name, community: cm.name,
                 validFrom: r.validFrom, validTo: r.validTo, endReason: r.endReason} AS pairing
       } AS pairings
ORDER BY p.code
