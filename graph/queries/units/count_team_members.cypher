// How many current members each volunteer team has, counting those visible to the caller.
UNWIND $codes AS code
MATCH (t:VolunteerTeam {code: code})
RETURN code, COUNT { MATCH (t)<-[m:MEMBER_OF]-(p:Person)
                     WHERE m.validTo IS NULL AND
                       // #include scope/_visible(p)
                     RETURN DISTINCT p } AS value
