// Fragment (#include'd, never run alone): whether a person is paired with building `building` on $asOf (包楼栋), which
// covers every household in it. Adds pairedViaBuilding; coverage/_household_coverage, included after it for each
// household of the building, completes the rule of graph/rules.py. Judged once per building, not per household.
// #params building
WITH *, EXISTS { MATCH (building)<-[p:PAIRED_WITH]-(:Person)
                 WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS pairedViaBuilding
