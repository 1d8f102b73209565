// Pair a member with a household from a day on.
MATCH (p:Person {code: $member}), (h:Household {code: $household})
CREATE (p)-[:PAIRED_WITH {validFrom: $since, validTo: null}]->(h)
