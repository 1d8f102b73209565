// Fragment (#include'd, never run alone): whether household `h` is covered on $asOf, as the network and the
// map draw it: adds `covered` to the variables in scope. The one place they read the coverage rule from: the
// rule of graph/rules.py (a person paired with it, 联户, or with its building, 包楼栋), as
// coverage/_building_coverage and coverage/_household_coverage state it.
CALL (h) {
  OPTIONAL MATCH (h)-[:PART_OF]->(home:Building)
  // #include coverage/_building_coverage(home)
  // #include coverage/_household_coverage(h)
  RETURN covered
}
