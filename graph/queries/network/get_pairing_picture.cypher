// The pairing picture (包片联户) of a territory on $asOf: the territory below it down to households, the cadres and units paired with them, post holders and the organizations answering for it, the cadres' employers (graph/network.py).
MATCH (center:Entity {code: $center})
WHERE $label IN labels(center) AND
  // #include scope/_visible(center)
CALL (center) {
  MATCH (center)((:Entity)<-[:PART_OF]-(:Street|Community|Grid|Area|Compound|Building|Household)){0,7}(t)
  RETURN collect(DISTINCT t) AS territory
}
// What each piece of the territory is joined to, as packed edges "source target TYPE since role" (see
// graph/network.py); kinds left out by $types are not even read.
CALL (center, territory) {
  UNWIND territory AS t
  CALL (center, t) {
    MATCH (t)-[:PART_OF]->(m)
    WHERE t <> center AND 'PART_OF' IN $types
    RETURN m, t.code + ' ' + m.code + ' PART_OF  ' AS edge
    UNION ALL
    MATCH (t)<-[r:PAIRED_WITH]-(m:Person|Unit)
    WHERE 'PAIRED_WITH' IN $types AND r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
    RETURN m, m.code + ' ' + t.code + ' PAIRED_WITH ' + toString(r.validFrom) + ' ' AS edge
    UNION ALL
    MATCH (t)<-[:POST_OF]-(post:Post)<-[h:HOLDS]-(m:Person)
    WHERE 'HOLDS_POST' IN $types AND h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
    RETURN m, m.code + ' ' + t.code + ' HOLDS_POST ' + toString(h.validFrom) + ' ' + post.role AS edge
    UNION ALL
    MATCH (t)<-[r:ANSWERS_FOR]-(m:PartyOrganization)
    WHERE 'ANSWERS_FOR' IN $types AND r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
    RETURN m, m.code + ' ' + t.code + ' ANSWERS_FOR ' + toString(r.validFrom) + ' ' AS edge
  }
  RETURN collect(DISTINCT m) AS joined, collect(edge) AS edges
}
// The units employing the cadres in the picture (whose people do the 联户 of the unit that does the 包片).
CALL (joined) {
  UNWIND joined AS p
  MATCH (p:Person)-[:WORKS_AT]->(u:Unit)
  WHERE 'WORKS_AT' IN $types
  RETURN collect(DISTINCT u) AS employers, collect(p.code + ' ' + u.code + ' WORKS_AT  ') AS employed
}
// Kept: the center first, then by rank (territory and organizations before people and households) and code,
// only of the labels asked for, at most $limit.
WITH center, [edges + employed] AS edges,
     [x IN territory + joined + employers WHERE x = center OR any(l IN labels(x) WHERE l IN $labels)] AS candidates
CALL (center, candidates) {
  UNWIND candidates AS x
  WITH DISTINCT center, x
  // Only what the caller may see is drawn, before the limit cuts.
  WHERE
    // #include scope/_visible(x)
  ORDER BY CASE WHEN x = center THEN 0 ELSE 1 END, $rank[[l IN labels(x) WHERE l <> 'Entity'][0]], x.code
  RETURN collect(x) AS found
}
WITH found[0..$limit] AS seen, edges, size(found) > $limit AS truncated
// #include network/_node_attributes
