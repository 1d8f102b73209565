// The Party organizations of each compound on $asOf: its compound branch and its area's group.
UNWIND $codes AS code
MATCH (c:Compound {code: code})-[:PART_OF]->(a:Area)
MATCH (o:PartyOrganization)-[r:ANSWERS_FOR]->(t)
WHERE (t = c OR t = a) AND r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
WITH code, o ORDER BY o.code
RETURN code, collect(DISTINCT o {.*, _label: 'PartyOrganization'}) AS items
