// Benchmark baseline: a page of units with their current areas and grids, and the total, in one query.
CALL () { MATCH (u:Unit) RETURN count(u) AS total }
MATCH (u:Unit)
WITH total, u ORDER BY u.code LIMIT $first
RETURN total, u {.code, .name, .kind,
  areas: [(u)-[r:PAIRED_WITH]->(a:Area) WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
          | a {.code, .name}],
  grids: COLLECT { MATCH (u)-[r:PAIRED_WITH]->(:Area)-[:PART_OF]->(g:Grid)
                   WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
                   RETURN DISTINCT g {.code, .name} }} AS unit
