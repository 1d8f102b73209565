// A page of a scope's red stewards (people/_scoped_red_stewards) in code order after $after ('' for the first page).
// #include people/_scoped_red_stewards
WHERE p.code > $after
RETURN p {.*, _label: 'Person'} AS node
ORDER BY p.code
LIMIT $first
