// Appoint a person to a post from a day on; when replacing, the current holder's holding ends that day.
MATCH (post:Post {code: $post}), (p:Person {code: $person})
CALL (post) {
  MATCH (post)<-[current:HOLDS]-(:Person)
  WHERE $replace AND current.validTo IS NULL
  SET current.validTo = $since, current.endReason = $reason
}
CREATE (p)-[:HOLDS {validFrom: $since, validTo: null}]->(post)
