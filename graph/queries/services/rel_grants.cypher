// The grants (not voided, visible to the caller) each Party organization received or each unit paid: unpaid, then newest first.
UNWIND $codes AS code
MATCH (:Entity {code: code})<-[:TO|FROM]-(g:Grant)
WHERE g.voidedOn IS NULL AND
  // #include scope/_visible(g)
WITH code, g ORDER BY g.disbursedOn DESC, g.code
RETURN code, collect(DISTINCT g {.*, _label: 'Grant'}) AS items
