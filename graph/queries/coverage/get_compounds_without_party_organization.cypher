// The compounds visible to the caller under the territory roots (optionally of one kind) that no compound branch, and no area group of their area, answers for on $asOf, in code order.
MATCH (top:Entity) WHERE top.code IN $roots
MATCH (top)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(c:Compound)-[:PART_OF]->(a:Area)
WHERE ($kind IS NULL OR c.kind = $kind) AND
  // #include scope/_visible(c)
  AND NOT EXISTS {
    MATCH (c)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'COMPOUND_BRANCH'})
    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
  AND NOT EXISTS {
    MATCH (a)<-[af:ANSWERS_FOR]-(:PartyOrganization {kind: 'AREA_GROUP'})
    WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) }
WITH DISTINCT c
RETURN c {.*, _label: 'Compound'} AS node
ORDER BY c.code
