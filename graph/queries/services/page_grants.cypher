// A page of the grants inside the roots (see _grants_within), unpaid then newest first, after a cursor key (the day paid, 9999-12-31 while unpaid, then the code).
// #include services/_grants_within
WITH g, coalesce(toString(g.disbursedOn), '9999-12-31') AS day, split(coalesce($after, '|'), '|') AS after
WHERE $after IS NULL OR day < after[0] OR (day = after[0] AND g.code > after[1])
RETURN g {.*, _label: 'Grant', _cursor: day + '|' + g.code} AS node
ORDER BY day DESC, g.code
LIMIT $first
