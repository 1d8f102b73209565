// A page of a scope's Party organizations (organizations/_scoped_organizations) in code order after $after ('' for the first page).
// #include organizations/_scoped_organizations
WHERE o.code > $after
RETURN o {.*, _label: 'PartyOrganization'} AS node
ORDER BY o.code
LIMIT $first
