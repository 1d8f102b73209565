// Attach a volunteer team to a compound it serves from a day on.
MATCH (t:VolunteerTeam {code: $team}), (c:Compound {code: $compound})
CREATE (t)-[:SERVES {validFrom: $since, validTo: null}]->(c)
