// For each person a roster batch names for a building post ($holders: {key, person, idNumber, building}): the person (by code, else by ID number; whether the importer, $scope, may see them; whether the code and the ID number name two people), whether they are a Party member, live in the building, and live in its compound (or, outside compounds, its area).
UNWIND $holders AS row
OPTIONAL MATCH (byCode:Person {code: row.person})
OPTIONAL MATCH (byId:Person {idNumber: row.idNumber})
WITH row, coalesce(byCode, byId) AS p, byCode IS NOT NULL AND byId IS NOT NULL AND byCode <> byId AS twoPeople,
     byCode IS NOT NULL AND row.idNumber IS NOT NULL AND byId IS NULL AS idDiffers
OPTIONAL MATCH (b:Building {code: row.building})
RETURN row.key AS key, p.code AS person, coalesce(p.isPartyMember, false) AS isPartyMember, twoPeople, idDiffers,
       p IS NOT NULL AND
         // #include scope/_visible(p)
       AS personVisible,
       EXISTS { (p)-[:RESIDES_IN]->(:Household)-[:PART_OF]->(b) } AS livesInBuilding,
       EXISTS { MATCH (b)-[:PART_OF]->(around:Compound|Area)
                MATCH (p)-[:RESIDES_IN]->(:Household)-[:PART_OF]->(:Building)-[:PART_OF*1..2]->(around) } AS livesNearby
