// How many Party organizations a scope has (organizations/_scoped_organizations).
// #include organizations/_scoped_organizations
RETURN count(o) AS value
