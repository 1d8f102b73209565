// What a Party member sees on $asOf: themselves; the households paired with them, directly (联户) or through their building (包楼栋), with those households' residents, wishes and service records; the wishes they claimed and the services they gave; their posts and what the posts are of; their unit, Party organizations and volunteer teams; and what lies above their households, buildings and posts in the territory.
MATCH (p:Person {code: $person})
WHERE p.isPartyMember
CALL (p) {
  MATCH (p)-[r:PAIRED_WITH]->(h:Household)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  RETURN h
  UNION
  MATCH (p)-[r:PAIRED_WITH]->(:Building)<-[:PART_OF]-(h:Household)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  RETURN h
}
WITH p, collect(h) AS households
CALL (households) {
  UNWIND households AS h
  OPTIONAL MATCH (h)<-[:RESIDES_IN|FOR]-(x:Entity)
  RETURN collect(DISTINCT h.code) + collect(DISTINCT x.code) AS ofHouseholds
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:CLAIMED_BY|BY]-(x:Wish|ServiceRecord)
  RETURN collect(DISTINCT x.code) AS theirs
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:PAIRED_WITH|MEMBER_OF]->(x:Building|PartyOrganization|VolunteerTeam)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  RETURN collect(DISTINCT x) AS joined
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:HOLDS]->(post:Post)-[:POST_OF]->(x:Entity)
  WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)
  RETURN collect(DISTINCT post.code) AS posts, collect(DISTINCT x) AS postsOf
}
CALL (p) {
  OPTIONAL MATCH (p)-[:WORKS_AT]->(u:Unit)
  RETURN collect(u.code) AS unit
}
CALL (households, joined, postsOf) {
  UNWIND households + joined + postsOf AS x
  MATCH (x)-[:PART_OF*1..7]->(above:Entity)
  RETURN collect(DISTINCT above.code) AS above
}
RETURN [p.code] + ofHouseholds + theirs + [x IN joined | x.code] + posts + [x IN postsOf | x.code] + unit + above
       AS codes
