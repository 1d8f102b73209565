// How many current members each volunteer team has.
UNWIND $codes AS code
MATCH (t:VolunteerTeam {code: code})
RETURN code, COUNT { MATCH (t)<-[m:MEMBER_OF]-(p:Person) WHERE m.validTo IS NULL RETURN DISTINCT p } AS value
