// For each cadre–household or cadre–building pair a roster batch names ($pairs: {key, person, idNumber, target}): the person (by code, else by ID number; whether the importer, $scope, may see them; whether the code and the ID number name two people), the household or building (its label, whether the importer may see it), and every pairing between the two, oldest first.
UNWIND $pairs AS row
OPTIONAL MATCH (byCode:Person {code: row.person})
OPTIONAL MATCH (byId:Person {idNumber: row.idNumber})
WITH row, coalesce(byCode, byId) AS p, byCode IS NOT NULL AND byId IS NOT NULL AND byCode <> byId AS twoPeople,
     byCode IS NOT NULL AND row.idNumber IS NOT NULL AND byId IS NULL AS idDiffers
OPTIONAL MATCH (t:Entity {code: row.target})
WHERE t:Household OR t:Building
RETURN row.key AS key, p.code AS person, p.isPartyMember AS isPartyMember, twoPeople, idDiffers,
       p IS NOT NULL AND
         // #include scope/_visible(p)
       AS personVisible,
       CASE WHEN t:Household THEN 'Household' WHEN t:Building THEN 'Building' END AS label,
       t IS NOT NULL AND
         // #include scope/_visible(t)
       AS targetVisible,
       COLLECT { MATCH (p)-[r:PAIRED_WITH]->(t)
                 RETURN {validFrom: r.validFrom, validTo: r.validTo, endReason: r.endReason} AS pairing
                 ORDER BY pairing.validFrom } AS pairings
