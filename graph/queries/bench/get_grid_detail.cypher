// Benchmark baseline: a grid with its community, branch and secretary, and the units paired with its areas.
MATCH (g:Grid {code: $code})-[:PART_OF]->(cm:Community)
OPTIONAL MATCH (g)<-[a:ANSWERS_FOR]-(branch:PartyOrganization {kind: 'GRID_BRANCH'})
  WHERE a.validFrom <= $asOf AND (a.validTo IS NULL OR $asOf < a.validTo)
OPTIONAL MATCH (branch)<-[:POST_OF]-(:Post {role: 'SECRETARY'})<-[h:HOLDS]-(secretary:Person)
  WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
RETURN g.name AS name, cm.name AS community, branch.name AS branch, secretary.name AS secretary,
       COLLECT {
         MATCH (g)<-[:PART_OF]-(:Area)<-[r:PAIRED_WITH]-(u:Unit)
         WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
         RETURN DISTINCT u {.code, .name, .kind} ORDER BY u.code
       } AS units
