// How many units visible to the caller there are; with $unpairedOnly, only those with no area pairing on $asOf.
MATCH (u:Unit)
WHERE (NOT $unpairedOnly OR NOT EXISTS {
        MATCH (u)-[r:PAIRED_WITH]->(:Area)
        WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) }) AND
  // #include scope/_visible(u)
RETURN count(u) AS value
