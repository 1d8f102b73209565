// How many households each building holds.
UNWIND $codes AS code
MATCH (b:Building {code: code})
RETURN code, COUNT { (b)<-[:PART_OF]-(:Household) } AS value
