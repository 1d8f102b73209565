// Fragment (#include'd, never run alone): the Party organizations `o` of a scope that the caller may see, optionally of kind $kind and joint
// or not ($joint): with $county every one (an index seek on kind, no walk), otherwise those answering on $asOf for
// a street, community, grid, area or compound under the territory roots.
CALL () {
  WITH 1 AS county WHERE $county
  MATCH (o:PartyOrganization)
  WHERE $kind IS NULL OR o.kind = $kind
  RETURN o
  UNION
  WITH 1 AS territory WHERE NOT $county
  MATCH (root:Entity) WHERE root.code IN $roots
  MATCH (root)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound)){0,5}(t)<-[af:ANSWERS_FOR]-(o:PartyOrganization)
  WHERE af.validFrom <= $asOf AND (af.validTo IS NULL OR $asOf < af.validTo) AND ($kind IS NULL OR o.kind = $kind)
  RETURN o
}
WITH DISTINCT o
WHERE ($joint IS NULL OR o.joint = $joint) AND
  // #include scope/_visible(o)
WITH o
