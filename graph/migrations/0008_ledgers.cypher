// Ledgers (issue 11): an ID number is a person's natural key, so an imported register finds the person it names and never registers anyone twice; the audit records of one import are found by its id.
CREATE CONSTRAINT person_id_number IF NOT EXISTS FOR (p:Person) REQUIRE p.idNumber IS UNIQUE;
CREATE INDEX audit_record_import IF NOT EXISTS FOR (a:AuditRecord) ON (a.importId)
