// Fragment (#include'd, never run alone): whether household `h` is covered on $asOf, as the network and the
// map draw it: a Party member is paired with it (联户). The one place they read the coverage rule from.
EXISTS { MATCH (h)<-[p:PAIRED_WITH]-(:Person) WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) }
