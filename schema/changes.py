"""The audit trail and the access log: who changed what, who read whose sensitive data."""

from __future__ import annotations

import strawberry

from api.audit import AccessRecord, AuditRecord
from api.node import Connection
from resolvers import changes


@strawberry.type
class ChangesQuery:
    audit_trail: Connection[AuditRecord] = strawberry.field(
        resolver=changes.resolve_audit_trail,
        description="The changes that concerned an entity, newest first, as the caller may see them.",
    )
    audit_log: Connection[AuditRecord] = strawberry.field(
        resolver=changes.resolve_audit_log,
        description="What one subject did (refused attempts included), newest first. County only.",
    )
    access_log: Connection[AccessRecord] = strawberry.field(
        resolver=changes.resolve_access_log,
        description="Who read a person's (or household's) sensitive data in full, newest first. County only.",
    )
