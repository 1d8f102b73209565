// How many of the county's households visible to the caller have nobody paired on $asOf (optionally only those with a special-group resident).
// All households: every household less those a pairing reaches. Special-group ones: from their residents
// (the range index on Person.specialGroups; `> []` is "not empty"). Each way runs only when asked for.
CALL () {
  WITH 1 AS asked WHERE NOT $specialGroupsOnly
  MATCH ()-[p:PAIRED_WITH]->(h)
  WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo)
  WITH DISTINCT h
  WHERE h:Household AND
    // #include scope/_visible(h)
  RETURN count(h) AS covered
}
CALL () {
  WITH 1 AS asked WHERE $specialGroupsOnly
  MATCH (x:Person)-[:RESIDES_IN]->(h:Household)
  WHERE x.specialGroups > []
  WITH DISTINCT h
  WHERE NOT EXISTS {
      MATCH (h)<-[p:PAIRED_WITH]-(:Person)
      WHERE p.validFrom <= $asOf AND (p.validTo IS NULL OR $asOf < p.validTo) } AND
    // #include scope/_visible(h)
  RETURN count(h) AS uncoveredSpecial
}
RETURN CASE WHEN $specialGroupsOnly THEN uncoveredSpecial
            ELSE COUNT { MATCH (h:Household) WHERE
                           // #include scope/_visible(h)
                       } - covered END AS value
