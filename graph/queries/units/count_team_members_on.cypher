// How many members each volunteer team has on $asOf, counting those visible to the caller.
UNWIND $codes AS code
MATCH (t:VolunteerTeam {code: code})
RETURN code, COUNT { MATCH (t)<-[m:MEMBER_OF]-(p:Person)
                     WHERE m.validFrom <= $asOf AND (m.validTo IS NULL OR $asOf < m.validTo) AND
                       // #include scope/_visible(p)
                     RETURN DISTINCT p } AS value
