// How many people report in (报到) to each grid on $asOf, counting those visible to the caller.
UNWIND $codes AS code
MATCH (g:Grid {code: code})
RETURN code, COUNT { MATCH (g)<-[r:REPORTED_TO]-(p:Person)
                     WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
                       // #include scope/_visible(p)
                   } AS value
