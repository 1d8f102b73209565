// For each household a register batch names (by code, or by building and address, $households: {key, code, building, address}): the building named (whether it exists and the importer, $scope, may see it), and the household found, with its building, address and size, and whether the importer may see it; households of the same address in the building (to tell a match from an ambiguity).
UNWIND $households AS row
OPTIONAL MATCH (b:Building {code: row.building})
OPTIONAL MATCH (byCode:Household {code: row.code})
WITH row, b, byCode,
     CASE WHEN row.code IS NULL AND b IS NOT NULL
          THEN [(b)<-[:PART_OF]-(x:Household) WHERE x.address = row.address | x] ELSE [] END AS byAddress
WITH row, b, coalesce(byCode, byAddress[0]) AS h, size(byAddress) AS sameAddress
OPTIONAL MATCH (h)-[:PART_OF]->(hb:Building)
RETURN row.key AS key,
       b IS NOT NULL AS buildingExists,
       b IS NOT NULL AND
         // #include scope/_visible(b)
       AS buildingVisible,
       h.code AS code, h.address AS address, h.size AS size, hb.code AS building, sameAddress,
       h IS NOT NULL AND
         // #include scope/_visible(h)
       AS visible,
       COUNT { (h)<-[:RESIDES_IN]-(:Person) } AS residents
