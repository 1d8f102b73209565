// How many members each volunteer team has on $asOf.
UNWIND $codes AS code
MATCH (t:VolunteerTeam {code: code})
RETURN code, COUNT { MATCH (t)<-[m:MEMBER_OF]-(p:Person)
                     WHERE m.validFrom <= $asOf AND (m.validTo IS NULL OR $asOf < m.validTo) RETURN DISTINCT p } AS value
