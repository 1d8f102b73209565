"""What every change reports: ``UserError`` for a refusal (nothing written), and the audit trail."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers import changes
from schema.node import Connection


@strawberry.type(description="A business-rule failure the caller can fix: nothing was written.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "householdId"].'
    )
    message: str
    code: str


@strawberry.type(description="One change to the graph: who made it, what it changed, when. Never edited or removed.")
class AuditRecord:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="The person behind the request, or the caller's role.")
    action: str = strawberry.field(description="The mutation, e.g. pairMemberWithHousehold.")
    request_id: str
    entities: list[str] = strawberry.field(description="Codes of the entities the change concerns.")
    before: JSON = strawberry.field(description="The changed fields before the change.")
    after: JSON = strawberry.field(description="The changed fields after the change.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditRecord:
        return cls(
            id=strawberry.ID(row["id"]),
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            request_id=row["requestId"],
            entities=list(row["entities"]),
            before=json.loads(row["before"]),
            after=json.loads(row["after"]),
        )


@strawberry.type
class ChangesQuery:
    audit_trail: Connection[AuditRecord] = strawberry.field(
        resolver=changes.resolve_audit_trail, description="The changes that concerned an entity, newest first."
    )
