// The first and last day a household or building pairing began (the span the coverage checks draw days from).
MATCH ()-[r:PAIRED_WITH]->(:Household|Building)
RETURN min(r.validFrom) AS first, max(r.validFrom) AS last
