// Who would give a new micro-service and to whom: whether both exist, and whether the giver is a Party member or in a volunteer team on the day.
OPTIONAL MATCH (p:Person {code: $member})
OPTIONAL MATCH (h:Household {code: $household})
RETURN p IS NOT NULL AS member, h IS NOT NULL AS household, coalesce(p.isPartyMember, false) AS isPartyMember,
       EXISTS { MATCH (p)-[r:MEMBER_OF]->(:VolunteerTeam)
                WHERE r.validFrom <= $servedOn AND (r.validTo IS NULL OR $servedOn < r.validTo) } AS volunteer
