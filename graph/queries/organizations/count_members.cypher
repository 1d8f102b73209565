// How many current members each Party organization has.
UNWIND $codes AS code
MATCH (o:PartyOrganization {code: code})
RETURN code, COUNT { MATCH (o)<-[m:MEMBER_OF]-(p:Person) WHERE m.validTo IS NULL RETURN DISTINCT p } AS value
