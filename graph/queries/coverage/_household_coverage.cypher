// Fragment (#include'd, never run alone): how household `household` is covered on $asOf, the rule of graph/rules.py:
// a person is paired with it (联户), or with its building (包楼栋: pairedViaBuilding, which coverage/_building_coverage
// on its building adds first). Adds pairedDirectly and covered (either).
// #params household
WITH *, EXISTS { MATCH (household)<-[p:PAIRED_WITH]-(:Person)
                 WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS pairedDirectly
WITH *, pairedDirectly OR pairedViaBuilding AS covered
