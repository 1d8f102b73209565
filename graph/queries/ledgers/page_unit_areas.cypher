// A page of the unit sheet (共建单位包片台账): the units visible to the caller in code order after $after, each with its number of cadres and the areas visible to the caller it is paired with (包片) on $asOf under the territory roots (all with $county); outside the county's scope only units with such an area.
MATCH (u:Unit)
WHERE u.code > $after
  AND ($county OR EXISTS { MATCH (u)-[r:PAIRED_WITH]->(a:Area)-[:PART_OF*1..4]->(root:Entity)
                           WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
                             AND root.code IN $roots }) AND
  // #include scope/_visible(u)
WITH u ORDER BY u.code LIMIT $first
RETURN u {.*, _label: 'Unit'} AS unit, COUNT { (u)<-[:WORKS_AT]-(:Person) } AS cadres,
       COLLECT {
         MATCH (u)-[r:PAIRED_WITH]->(a:Area)-[:PART_OF]->(g:Grid)
         WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
           AND ($county OR EXISTS { MATCH (a)-[:PART_OF*1..4]->(root:Entity) WHERE root.code IN $roots }) AND
           // #include scope/_visible(a)
         WITH r, a, g ORDER BY a.code
         RETURN {area: a.code, name: a.name, kind: a.kind, grid: g.name, validFrom: r.validFrom}
       } AS areas
ORDER BY u.code
