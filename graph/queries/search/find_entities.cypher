// Entities visible to the caller matching a search: an exact code match first, then full-text hits on names and addresses by score.
CALL () {
  MATCH (n:Entity {code: $code})
  RETURN n, true AS exact, 0.0 AS score
  UNION ALL
  WITH $lucene AS q WHERE q IS NOT NULL AND $entityNames
  CALL db.index.fulltext.queryNodes('entity_name', q, {limit: $fetch}) YIELD node, score
  RETURN node AS n, false AS exact, score
  UNION ALL
  // Addresses are personal data too: only callers who may see them find households by address.
  WITH $lucene AS q WHERE q IS NOT NULL AND 'Household' IN $labels AND $addresses
  CALL db.index.fulltext.queryNodes('household_address', q, {limit: $fetch}) YIELD node, score
  RETURN node AS n, false AS exact, score
  UNION ALL
  // Names are personal data: only callers who may see them find people by name (see schema/search.py).
  WITH $lucene AS q WHERE q IS NOT NULL AND $personNames
  CALL db.index.fulltext.queryNodes('person_name', q, {limit: $fetch}) YIELD node, score
  RETURN node AS n, false AS exact, score
}
WITH n, exact, score, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
WHERE label IN $labels AND
  // #include scope/_visible(n)
WITH n, label, max(CASE WHEN exact THEN 1 ELSE 0 END) = 1 AS exact, max(score) AS score
RETURN n {.*, _label: label} AS node, exact, score
ORDER BY exact DESC, score DESC, n.code
LIMIT $first
