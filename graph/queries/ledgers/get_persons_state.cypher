// For each person a batch names ($persons: {key, code, idNumber}): the person with that code and the one with that ID number (each with whether the importer, $scope, may see them), the first one's properties and household.
UNWIND $persons AS row
OPTIONAL MATCH (byCode:Person {code: row.code})
OPTIONAL MATCH (byId:Person {idNumber: row.idNumber})
RETURN row.key AS key,
       byCode {.*} AS person,
       byCode IS NOT NULL AND
         // #include scope/_visible(byCode)
       AS visible,
       COLLECT { MATCH (byCode)-[:RESIDES_IN]->(h:Household) RETURN h.code LIMIT 1 }[0] AS household,
       byId.code AS idHolder,
       byId IS NOT NULL AND
         // #include scope/_visible(byId)
       AS idHolderVisible,
       byId {.*} AS idHolderPerson,
       COLLECT { MATCH (byId)-[:RESIDES_IN]->(h:Household) RETURN h.code LIMIT 1 }[0] AS idHolderHousehold
