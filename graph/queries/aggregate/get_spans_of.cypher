// The facts of the county-wide distinct counts (graph/aggregate.py SPAN_KINDS) for the persons and units among $codes: whether a person works at a unit (a cadre), and each one's pairings (a cadre's with households and buildings, a unit's with areas) as [validFrom, validTo].
MATCH (n:Entity) WHERE n.code IN $codes AND (n:Person OR n:Unit)
RETURN n.code AS code, n:Unit AS unit, EXISTS { (n)-[:WORKS_AT]->(:Unit) } AS cadre,
       CASE WHEN n:Unit THEN [(n)-[p:PAIRED_WITH]->(:Area) | [p.validFrom, p.validTo]]
            ELSE [(n)-[p:PAIRED_WITH]->(:Household|Building) | [p.validFrom, p.validTo]] END AS pairings
