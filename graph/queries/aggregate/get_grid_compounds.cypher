// The other facts the coverage aggregate of each grid in $grids is computed from, as [validFrom, validTo] (or the dates a rule reads): units paired with its areas, and per three-no compound (part of an area of the grid) what its five-haves stage depends on besides its buildings (coverage/_compound_stage states the rule; graph/aggregate.py evaluates it day by day).
UNWIND $grids AS grid
MATCH (g:Grid {code: grid})
CALL (g) {
  OPTIONAL MATCH (g)<-[:PART_OF]-(a:Area)<-[p:PAIRED_WITH]-(:Unit)
  RETURN collect(CASE WHEN p IS NOT NULL THEN [a.code, p.validFrom, p.validTo] END) AS unitPairings
}
CALL (g) {
  OPTIONAL MATCH (g)<-[s:SERVES]-(v:Venue|DeliberationPlatform)
  RETURN collect(CASE WHEN v:Venue THEN [s.validFrom, s.validTo] END) AS gridVenues,
         collect(CASE WHEN v:DeliberationPlatform THEN [s.validFrom, s.validTo] END) AS gridPlatforms
}
CALL (g) {
  OPTIONAL MATCH (g)<-[:PART_OF]-(a:Area)<-[:PART_OF]-(c:Compound {kind: 'THREE_NO'})
  WITH a, c WHERE c IS NOT NULL
  CALL (a, c) {
    UNWIND [c, a] AS t
    OPTIONAL MATCH (t)<-[af:ANSWERS_FOR]-(o:PartyOrganization)
    WHERE o.kind = CASE WHEN t = c THEN 'COMPOUND_BRANCH' ELSE 'AREA_GROUP' END
    RETURN collect(CASE WHEN af IS NOT NULL THEN
             {answers: [af.validFrom, af.validTo],
              leaders: [(o)<-[:POST_OF]-(post:Post)<-[h:HOLDS]-(:Person)
                        WHERE post.role = CASE o.kind WHEN 'COMPOUND_BRANCH' THEN 'SECRETARY' ELSE 'GROUP_LEADER' END
                        | [h.validFrom, h.validTo]]} END) AS parties
  }
  CALL (a, c) {
    UNWIND [c, a] AS t
    OPTIONAL MATCH (t)<-[af:ANSWERS_FOR]-(:PartyOrganization)<-[:TO]-(gr:Grant)
    WHERE gr.voidedOn IS NULL AND gr.disbursedOn IS NOT NULL
    RETURN collect(CASE WHEN gr IS NOT NULL THEN [af.validFrom, af.validTo, gr.disbursedOn] END) AS grants
  }
  CALL (a, c) {
    UNWIND [c, a] AS t
    OPTIONAL MATCH (t)<-[:AT]-(m:MicroProject) WHERE m.startedOn IS NOT NULL
    RETURN collect(CASE WHEN m IS NOT NULL THEN [m.startedOn, m.completedOn, m.cancelledOn] END) AS projects
  }
  RETURN collect({code: c.code, area: a.code, parties: parties, grants: grants, projects: projects,
                  venues: [(c)<-[s:SERVES]-(:Venue) | [s.validFrom, s.validTo]],
                  bodies: [(c)<-[s:SERVES]-(:SelfGovernanceBody) | [s.validFrom, s.validTo]],
                  platforms: [(c)<-[s:SERVES]-(:DeliberationPlatform) | [s.validFrom, s.validTo]]}) AS compounds
}
RETURN grid, unitPairings, gridVenues, gridPlatforms, compounds
