// How many red stewards a scope has (people/_scoped_red_stewards).
// #include people/_scoped_red_stewards
RETURN count(p) AS value
