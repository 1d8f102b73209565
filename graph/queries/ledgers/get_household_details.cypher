// What a ledger row says about each household beside the household itself: its building, compound or area, grid and community, its residents of a special group (visible to the caller), and its building's leader on $asOf (if visible to the caller).
UNWIND $codes AS code
MATCH (h:Household {code: code})-[:PART_OF]->(b:Building)-[:PART_OF]->(around:Compound|Area)
MATCH (b)-[:PART_OF*1..2]->(:Area)-[:PART_OF]->(g:Grid)-[:PART_OF]->(cm:Community)
RETURN code, b.code AS building, b.name AS buildingName, around.name AS compound, g.name AS grid, cm.name AS community,
       COLLECT {
         MATCH (h)<-[:RESIDES_IN]-(p:Person)
         WHERE p.specialGroups > [] AND
           // #include scope/_visible(p)
         RETURN p {.code, .specialGroups, _label: 'Person'} AS person ORDER BY person.code
       } AS special,
       COLLECT {
         MATCH (b)<-[:POST_OF]-(:Post {role: 'BUILDING_LEADER'})<-[r:HOLDS]-(p:Person)
         WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) AND
           // #include scope/_visible(p)
         RETURN p {.code, .name, .phone, _label: 'Person'} AS leader LIMIT 1
       }[0] AS leader
