// The three-micro (三微) and deliberation figures inside the territory roots, counted without fetching the rows.
// Each part walks up from its rows (a handful of ancestors each), never down from the roots.
CALL () {
  MATCH (w:Wish {status: 'FULFILLED'})
  WHERE any(up IN [(w)-[:FOR]->(:Household)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots)
  RETURN count(w) AS fulfilledWishes
}
CALL () {
  // A cancelled project was never carried out: it counts for nothing.
  MATCH (p:MicroProject)
  WHERE p.cancelledOn IS NULL
    AND any(up IN [(p)-[:AT]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots)
  WITH p.kind AS kind, count(p) AS projects, sum(CASE p.status WHEN 'COMPLETED' THEN 1 ELSE 0 END) AS completed,
       sum(coalesce(p.budgetYuan, 0)) AS budgetYuan, sum(coalesce(p.plants, 0)) AS plants,
       sum(coalesce(p.lights, 0)) AS lights
  RETURN collect({kind: kind, count: projects, completed: completed, budgetYuan: budgetYuan, plants: plants,
                  lights: lights}) AS microProjects
}
CALL () {
  MATCH (v:Venue {upgraded: true})
  WHERE any(up IN [(v)-[s:SERVES]->(:Compound|Grid)-[:PART_OF*0..7]->(x)
                   WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) | x.code]
            WHERE up IN $roots)
  RETURN count(v) AS upgradedVenues
}
CALL () {
  // A retracted record was entered in error.
  MATCH (s:ServiceRecord)
  WHERE s.retractedOn IS NULL
    AND any(up IN [(s)-[:FOR]->(:Household)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots)
  RETURN count(s) AS serviceRecords
}
CALL () {
  MATCH (c:Commendation)
  WHERE any(up IN [(c)-[:TO]->(:Person)-[:RESIDES_IN]->(:Household)-[:PART_OF*1..7]->(x) | x.code] WHERE up IN $roots)
  RETURN count(c) AS commendations
}
CALL () {
  MATCH (m:Matter)
  WHERE any(up IN [(m)-[:CONCERNS]->(:Compound|Area)-[:PART_OF*0..7]->(x) | x.code] WHERE up IN $roots)
  WITH m.kind AS kind, sum(CASE WHEN m.settledOn IS NULL THEN 0 ELSE 1 END) AS settled,
       sum(CASE WHEN m.settledOn IS NULL THEN 1 ELSE 0 END) AS open
  RETURN collect({kind: kind, settled: settled, open: open}) AS matters
}
RETURN fulfilledWishes, microProjects, upgradedVenues, serviceRecords, commendations, matters
