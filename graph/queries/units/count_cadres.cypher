// How many cadres each unit employs.
UNWIND $codes AS code
MATCH (u:Unit {code: code})
RETURN code, COUNT { (u)<-[:WORKS_AT]-(:Person) } AS value
