// Benchmark baseline: a household with its building, compound, residents and paired members, in one query.
MATCH (h:Household {code: $code})-[:PART_OF]->(b:Building)
OPTIONAL MATCH (b)-[:PART_OF]->(c:Compound)
RETURN h {.*} AS household, b.name AS building, c.name AS compound,
       [(h)<-[:RESIDES_IN]-(p:Person) | p {.name, .phone}] AS residents,
       [(h)<-[r:PAIRED_WITH]-(p:Person)
        WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) | p {.name, .phone}] AS paired
