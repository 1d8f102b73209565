// Fragment (#include'd, never run alone): what cadre `p` is paired with on $asOf. Adds pairing: 'HOUSEHOLDS' (at
// least one household, 联户), 'BUILDINGS_ONLY' (buildings, 包楼栋, and no household) or 'UNPAIRED'.
WITH *,
  CASE
    WHEN EXISTS { MATCH (p)-[r:PAIRED_WITH]->(:Household)
                  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) } THEN 'HOUSEHOLDS'
    WHEN EXISTS { MATCH (p)-[r:PAIRED_WITH]->(:Building)
                  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) } THEN 'BUILDINGS_ONLY'
    ELSE 'UNPAIRED'
  END AS pairing
