// How many reads in full of a person's (or household's) sensitive fields were recorded.
MATCH (e:Entity {code: $code})
RETURN COUNT { (e)<-[:ACCESSED]-(:AccessRecord) } AS value
