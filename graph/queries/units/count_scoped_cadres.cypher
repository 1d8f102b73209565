// How many in-service cadres a scope has (units/_scoped_cadres), optionally only those whose pairing on $asOf is $pairing (units/_cadre_pairing).
// #include units/_scoped_cadres
// #include units/_cadre_pairing
RETURN count(CASE WHEN $pairing IS NULL OR pairing = $pairing THEN 1 END) AS value
