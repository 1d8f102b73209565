// How many grants are inside the roots (see _grants_within).
// #include services/_grants_within
RETURN count(g) AS value
