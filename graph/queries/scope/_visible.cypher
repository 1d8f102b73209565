// Whether the caller may see `node`, by the $scope map graph/scope.py builds from who is asking: everything
// (county-wide roles); the codes listed for them (a member's or resident's own entities, what lies above a
// territory); the county-wide bodies (staff roles); or anything standing inside their territory roots: the node
// itself, or what it lives in, is paired with, reports to, holds or is a post of, answers for, serves, is for,
// at, about, of, to or a member of, one or two hops out, then up the territory tree to a root. The walk starts
// at `node` (the root end has no label, so no index can turn it around into a walk down a whole territory).
// #params node
($scope.all
  OR node.code IN $scope.codes
  OR ($scope.public AND (node:Unit OR node:TaskForce))
  OR EXISTS {
    MATCH (node)-[:RESIDES_IN|PAIRED_WITH|REPORTED_TO|HOLDS|POST_OF|ANSWERS_FOR|SERVES|FOR|AT|CONCERNS|OF|TO|MEMBER_OF*0..2]->()
          -[:PART_OF*0..7]->(visibleRoot)
    WHERE visibleRoot.code IN $scope.roots })
