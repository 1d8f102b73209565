// Fragment (#include'd, never run alone): the map features `f` found (in code order, at most $first + 1 so
// that the caller can tell there were more) with their geometry, the households below each (counted once
// per building: "code households covered" in `counts`, the buildings below each feature in its `buildings`)
// and each compound's five-haves stage ("code stage" in `stages`). Needs $asOf, $first, $windowStart,
// $minCoveredShare.
WITH DISTINCT f ORDER BY f.code LIMIT $first + 1
WITH collect(f) AS features
CALL (features) {
  UNWIND features AS f
  MATCH (f)((:Entity)<-[:PART_OF]-(:Community|Grid|Area|Compound|Building)){0,5}(b:Building)
  WITH DISTINCT b
  CALL (b) {
    MATCH (b)<-[:PART_OF]-(h:Household)
    // #include network/_household_covered
    RETURN count(h) AS households, count(CASE WHEN covered THEN 1 END) AS coveredHouseholds
  }
  RETURN collect(b.code + ' ' + households + ' ' + coveredHouseholds) AS counts
}
CALL (features) {
  UNWIND features AS c
  WITH c WHERE c:Compound
  CALL (c) {
    // #include coverage/_compound_stage
  }
  RETURN collect(c.code + ' ' + stage) AS stages
}
CALL (features) {
  UNWIND features AS f
  CALL (f) {
    MATCH (f)((:Entity)<-[:PART_OF]-(:Community|Grid|Area|Compound|Building)){0,5}(b:Building)
    RETURN collect(b.code) AS buildings
  }
  RETURN collect(f {.code, .name, .kind, .location, .outline, buildings: buildings,
                    _label: [l IN labels(f) WHERE l <> 'Entity'][0]}) AS rows
}
RETURN rows AS features, counts, stages
