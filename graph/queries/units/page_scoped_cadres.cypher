// A page of a scope's in-service cadres (units/_scoped_cadres) in code order after $after ('' for the first page), optionally only those whose pairing on $asOf is $pairing (units/_cadre_pairing).
// #include units/_scoped_cadres
WHERE p.code > $after
// #include units/_cadre_pairing
WITH p WHERE $pairing IS NULL OR pairing = $pairing
RETURN p {.*, _label: 'Person'} AS node
ORDER BY p.code
LIMIT $first
