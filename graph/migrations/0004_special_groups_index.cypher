// A range index on Person.specialGroups: `p.specialGroups > []` ("not empty") seeks the few special-group residents (coverage, uncovered households) instead of reading every person.
CREATE INDEX person_special_groups IF NOT EXISTS FOR (n:Person) ON (n.specialGroups);
