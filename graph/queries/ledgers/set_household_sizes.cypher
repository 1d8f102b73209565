// Set each household's size to its number of residents ($codes); return the households whose size changed, with the old and the new.
UNWIND $codes AS code
MATCH (h:Household {code: code})
WITH h, h.size AS before, COUNT { (h)<-[:RESIDES_IN]-(:Person) } AS after
SET h.size = after
WITH h, before, after WHERE before IS NULL OR before <> after
RETURN h.code AS code, before, after
