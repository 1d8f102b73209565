// Indexes for the properties queries filter by, and the validTo of time-bounded relationships.
CREATE INDEX compound_kind IF NOT EXISTS FOR (n:Compound) ON (n.kind);
CREATE INDEX area_kind IF NOT EXISTS FOR (n:Area) ON (n.kind);
CREATE INDEX party_organization_kind IF NOT EXISTS FOR (n:PartyOrganization) ON (n.kind);
CREATE INDEX post_role IF NOT EXISTS FOR (n:Post) ON (n.role);
CREATE INDEX wish_status IF NOT EXISTS FOR (n:Wish) ON (n.status);
CREATE INDEX person_is_party_member IF NOT EXISTS FOR (n:Person) ON (n.isPartyMember);
CREATE INDEX audit_record_at IF NOT EXISTS FOR (n:AuditRecord) ON (n.at);
CREATE INDEX paired_with_valid_to IF NOT EXISTS FOR ()-[r:PAIRED_WITH]-() ON (r.validTo);
CREATE INDEX holds_valid_to IF NOT EXISTS FOR ()-[r:HOLDS]-() ON (r.validTo);
CREATE INDEX member_of_valid_to IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.validTo);
CREATE INDEX answers_for_valid_to IF NOT EXISTS FOR ()-[r:ANSWERS_FOR]-() ON (r.validTo);
CREATE INDEX serves_valid_to IF NOT EXISTS FOR ()-[r:SERVES]-() ON (r.validTo);
CREATE INDEX reported_to_valid_to IF NOT EXISTS FOR ()-[r:REPORTED_TO]-() ON (r.validTo);
