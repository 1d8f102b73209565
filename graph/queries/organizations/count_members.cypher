// How many current members each Party organization has, counting those visible to the caller.
UNWIND $codes AS code
MATCH (o:PartyOrganization {code: code})
RETURN code, COUNT { MATCH (o)<-[m:MEMBER_OF]-(p:Person)
                     WHERE m.validTo IS NULL AND
                       // #include scope/_visible(p)
                     RETURN DISTINCT p } AS value
