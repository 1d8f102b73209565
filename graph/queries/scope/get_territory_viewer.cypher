// What a staff role's scope claim covers on $asOf: the entity it names (a territory node, or the Party organization standing for the territory it answers for), its territory roots, and what lies above them (ancestors, and the Party organizations answering for those).
MATCH (s:Entity {code: $code})
WITH s, [l IN labels(s) WHERE l <> 'Entity'][0] AS label
WITH s, label,
     CASE label
       WHEN 'PartyOrganization' THEN [(s)-[r:ANSWERS_FOR]->(t:Entity)
                                      WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) | t]
       ELSE [s]
     END AS roots
CALL (roots) {
  UNWIND roots AS root
  MATCH (root)-[:PART_OF*1..7]->(above:Entity)
  OPTIONAL MATCH (above)<-[r:ANSWERS_FOR]-(o:PartyOrganization)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  RETURN collect(DISTINCT above.code) + collect(DISTINCT o.code) AS above
}
RETURN label, s.kind AS kind, [r IN roots | r.code] AS roots, above
