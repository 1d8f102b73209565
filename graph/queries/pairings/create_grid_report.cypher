// Report a member in to a grid (报到) from a day on, first ending the report to another grid that day, if any.
MATCH (p:Person {code: $member}), (g:Grid {code: $grid})
CALL (p) {
  MATCH (p)-[previous:REPORTED_TO]->(:Grid)
  WHERE previous.validTo IS NULL
  SET previous.validTo = $since, previous.endReason = $reason
}
CREATE (p)-[:REPORTED_TO {validFrom: $since, validTo: null}]->(g)
