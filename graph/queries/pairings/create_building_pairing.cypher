// Pair a member with a whole building (包楼栋) from a day on.
MATCH (p:Person {code: $member}), (b:Building {code: $building})
CREATE (p)-[:PAIRED_WITH {validFrom: $since, validTo: null}]->(b)
