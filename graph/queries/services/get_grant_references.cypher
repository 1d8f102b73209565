// Whether the Party organization a new grant goes to and the unit paying it exist.
OPTIONAL MATCH (o:PartyOrganization {code: $organization})
OPTIONAL MATCH (u:Unit {code: $unit})
RETURN o IS NOT NULL AS organization, u IS NOT NULL AS unit
