// Fragment (#include'd, never run alone): whether household `h` is covered on $asOf, as the network and the
// map draw it: adds `covered` to the variables in scope. The one place they read the coverage rule from
// (today: a Party member is paired with it, 联户).
WITH *,
  EXISTS { MATCH (h)<-[p:PAIRED_WITH]-(:Person)
           WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AS covered
