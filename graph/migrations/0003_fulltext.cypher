// Full-text look-ups (CJK analyzer: Chinese names and addresses are not space-separated).
CREATE FULLTEXT INDEX person_name IF NOT EXISTS FOR (n:Person) ON EACH [n.name] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX household_address IF NOT EXISTS FOR (n:Household) ON EACH [n.address] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX entity_name IF NOT EXISTS FOR (n:Unit|Compound|Area|Grid|Community|PartyOrganization|VolunteerTeam) ON EACH [n.name] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
