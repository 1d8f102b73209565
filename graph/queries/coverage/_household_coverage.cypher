// Fragment (#include'd, never run alone): how household `h` is covered on $asOf, the rule of graph/rules.py:
// paired with a person (联户), or in a building paired with one (包楼栋). Adds pairedDirectly,
// pairedViaBuilding and covered (either) to the variables in scope.
WITH *,
  EXISTS { MATCH (h)<-[p:PAIRED_WITH]-(:Person)
           WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS pairedDirectly,
  EXISTS { MATCH (h)-[:PART_OF]->(:Building)<-[p:PAIRED_WITH]-(:Person)
           WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS pairedViaBuilding
WITH *, pairedDirectly OR pairedViaBuilding AS covered
