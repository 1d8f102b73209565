// Everyone answerable for each household on $asOf that the caller may see, nearest first: rows of {role, person, organization, unit}.
UNWIND $codes AS code
MATCH (h:Household {code: code})-[:PART_OF]->(b:Building)-[:PART_OF*1..2]->(a:Area)-[:PART_OF]->(g:Grid)
      -[:PART_OF]->(cm:Community)
OPTIONAL MATCH (b)-[:PART_OF]->(c:Compound)
CALL (h, b, c, a, g, cm) {
  // 联户: the cadres paired with the household.
  MATCH (h)<-[r:PAIRED_WITH]-(p:Person)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
    // #include scope/_visible(p)
  RETURN 0 AS rank, 'PAIRED_MEMBER' AS role, p AS person, null AS organization, null AS unit
  UNION ALL
  // 包楼栋: the cadres paired with its whole building (they cover it too: coverage/_household_coverage).
  MATCH (b)<-[r:PAIRED_WITH]-(p:Person)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
    // #include scope/_visible(p)
  RETURN 1 AS rank, 'BUILDING_PAIRED_MEMBER' AS role, p AS person, null AS organization, null AS unit
  UNION ALL
  // 楼栋长, 党员中心户: the building's posts.
  MATCH (b)<-[:POST_OF]-(post:Post)<-[r:HOLDS]-(p:Person)
  WHERE post.role IN ['BUILDING_LEADER', 'CENTRAL_HOUSEHOLD']
    AND r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
    // #include scope/_visible(p)
  RETURN CASE post.role WHEN 'BUILDING_LEADER' THEN 2 ELSE 3 END AS rank, post.role AS role, p AS person,
         null AS organization, null AS unit
  UNION ALL
  // The area group, compound branch, grid branch and community committee, each with its secretary or
  // leader (null while the post is vacant, or while its holder is hidden from the caller).
  UNWIND [a, c, g, cm] AS t
  MATCH (t)<-[r:ANSWERS_FOR]-(o:PartyOrganization)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
    AND o.kind IN ['AREA_GROUP', 'COMPOUND_BRANCH', 'GRID_BRANCH', 'COMMUNITY_COMMITTEE'] AND
    // #include scope/_visible(o)
  OPTIONAL MATCH (o)<-[:POST_OF]-(post:Post)<-[s:HOLDS]-(p:Person)
  WHERE post.role IN ['SECRETARY', 'GROUP_LEADER']
    AND s.validFrom <= $asOf AND (s.validTo IS NULL OR $asOf < s.validTo) AND
    // #include scope/_visible(p)
  RETURN CASE o.kind WHEN 'AREA_GROUP' THEN 4 WHEN 'COMPOUND_BRANCH' THEN 5 WHEN 'GRID_BRANCH' THEN 6 ELSE 10 END
           AS rank, o.kind AS role, p AS person, o AS organization, null AS unit
  UNION ALL
  // 包片: the units paired with the household's area.
  MATCH (a)<-[r:PAIRED_WITH]-(u:Unit)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
    // #include scope/_visible(u)
  RETURN 7 AS rank, 'PAIRED_UNIT' AS role, null AS person, null AS organization, u AS unit
  UNION ALL
  // 包片干警: the police officer of its compound, then of its area.
  UNWIND [c, a] AS x
  MATCH (x)<-[:POST_OF]-(post:Post {role: 'POLICE_OFFICER'})<-[r:HOLDS]-(p:Person)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
    // #include scope/_visible(p)
  RETURN CASE WHEN x = c THEN 8 ELSE 9 END AS rank, 'POLICE_OFFICER' AS role, p AS person,
         null AS organization, null AS unit
}
WITH code, rank, role, person, organization, unit
ORDER BY rank, organization.code, unit.code, person.code
RETURN code, collect({
  code: coalesce(person.code, organization.code, unit.code), role: role,
  person: person {.*, _label: 'Person'}, organization: organization {.*, _label: 'PartyOrganization'},
  unit: unit {.*, _label: 'Unit'}
}) AS items
