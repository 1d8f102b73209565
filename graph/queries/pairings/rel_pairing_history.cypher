// Every pairing (联户, 包楼栋, 包片) of each household, building, area, person or unit with what the caller may see, at either end, ended ones too, by start day; each item's code is the other end's.
UNWIND $codes AS code
MATCH (x:Entity {code: code})
CALL (x) {
  MATCH (x)-[r:PAIRED_WITH]->(other)
  RETURN r, x AS from, other AS to, other
  UNION ALL
  MATCH (x)<-[r:PAIRED_WITH]-(other)
  RETURN r, other AS from, x AS to, other
}
WITH code, r, from, to, other
WHERE
  // #include scope/_visible(other)
WITH code, r, from, to, other ORDER BY r.validFrom, from.code, to.code
RETURN code, collect({
  code: other.code, validFrom: r.validFrom, validTo: r.validTo, endReason: r.endReason,
  from: from {.*, _label: [l IN labels(from) WHERE l <> 'Entity'][0]},
  to: to {.*, _label: [l IN labels(to) WHERE l <> 'Entity'][0]}
}) AS items
