// The Party organizations of each compound on $asOf that the caller may see: its compound branch and its area's group.
UNWIND $codes AS code
MATCH (c:Compound {code: code})-[:PART_OF]->(a:Area)
UNWIND [c, a] AS t
MATCH (t)<-[r:ANSWERS_FOR]-(o:PartyOrganization)
WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
  // #include scope/_visible(o)
WITH code, o ORDER BY o.code
RETURN code, collect(DISTINCT o {.*, _label: 'PartyOrganization'}) AS items
