// Pair a co-building unit with an area (包片) from a day on.
MATCH (u:Unit {code: $unit}), (a:Area {code: $area})
CREATE (u)-[:PAIRED_WITH {validFrom: $since, validTo: null}]->(a)
