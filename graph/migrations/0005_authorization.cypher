// Sign-in and scope (issue 7): write quotas count a subject's recent changes; access records (PIPL) by id.
CREATE INDEX audit_record_actor_at IF NOT EXISTS FOR (a:AuditRecord) ON (a.actor, a.at);
CREATE CONSTRAINT access_record_id IF NOT EXISTS FOR (a:AccessRecord) REQUIRE a.id IS UNIQUE
