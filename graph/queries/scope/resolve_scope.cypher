// The territory roots of a scope: a territory node itself, a unit's paired areas, an organization's territory; no code: the county.
OPTIONAL MATCH (named:Entity {code: $code})
WITH named
OPTIONAL MATCH (county:County) WHERE $code IS NULL
WITH coalesce(named, county) AS s
WITH s, [l IN labels(s) WHERE l <> 'Entity'][0] AS kind
WHERE s IS NOT NULL AND ($kind IS NULL OR kind = $kind)
  AND kind IN ['County', 'Street', 'Community', 'Grid', 'Area', 'Compound', 'Unit', 'PartyOrganization']
RETURN kind, s.code AS code,
  CASE kind
    WHEN 'Unit' THEN [(s)-[p:PAIRED_WITH]->(a:Area)
                      WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) | a.code]
    WHEN 'PartyOrganization' THEN [(s)-[r:ANSWERS_FOR]->(t:Entity)
                      WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) | t.code]
    ELSE [s.code]
  END AS roots
