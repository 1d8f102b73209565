// The unit or Party organization that organized each volunteer team, if visible to the caller.
UNWIND $codes AS code
MATCH (:VolunteerTeam {code: code})-[:ORGANIZED_BY]->(o:Unit|PartyOrganization)
WHERE
  // #include scope/_visible(o)
RETURN code, [o {.*, _label: [l IN labels(o) WHERE l <> 'Entity'][0]}] AS items
