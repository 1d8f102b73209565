// A page of the units visible to the caller in code order after a cursor key; with $unpairedOnly, only those with no area pairing on $asOf.
MATCH (u:Unit)
WHERE ($after IS NULL OR u.code > $after)
  AND (NOT $unpairedOnly OR NOT EXISTS {
        MATCH (u)-[r:PAIRED_WITH]->(:Area)
        WHERE r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo) }) AND
  // #include scope/_visible(u)
RETURN u {.*, _label: 'Unit'} AS node
ORDER BY u.code
LIMIT $first
