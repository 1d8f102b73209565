"""The records of changes and of reads of sensitive data: built from rows by ``resolvers/changes.py``, served by
``schema/changes.py`` and the change feed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="One change to the graph: who made it, what it changed, when. Never edited or removed.")
class AuditRecord:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(
        description="Who: the token's subject (a person's code), or ROLE@scope for a staff token naming no one."
    )
    actor_role: str | None = strawberry.field(description="The role the actor acted in (COUNTY, GRID, ...).")
    action: str = strawberry.field(description="The mutation, e.g. pairMemberWithHousehold.")
    outcome: str = strawberry.field(
        description="DONE, or REFUSED for an attempt the caller's role or scope did not allow (nothing changed)."
    )
    request_id: str = strawberry.field(description="The server's id of the request.")
    client_request_id: str | None = strawberry.field(description="The client's X-Request-Id, if it sent one.")
    entities: list[str] = strawberry.field(
        description="Codes of the entities the change concerns (those the caller may see)."
    )
    before: JSON = strawberry.field(description="The changed fields before the change.")
    after: JSON = strawberry.field(description="The changed fields after the change.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AuditRecord:
        return cls(
            id=strawberry.ID(row["id"]),
            at=row["at"],
            actor=row["actor"],
            actor_role=row.get("actorRole"),
            action=row["action"],
            outcome=row.get("outcome") or "DONE",
            request_id=row["requestId"],
            client_request_id=row.get("clientRequestId"),
            entities=list(row["entities"]),
            before=json.loads(row["before"]),
            after=json.loads(row["after"]),
        )


@strawberry.type(
    description="A read in full of sensitive personal data (special-group status, an ID number): who, whose, when."
)
class AccessRecord:
    id: strawberry.ID
    at: datetime
    actor: str
    actor_role: str
    field: str = strawberry.field(description="What was read: specialGroups, idNumber, ...")
    request_id: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> AccessRecord:
        return cls(
            id=strawberry.ID(row["id"]),
            at=row["at"],
            actor=row["actor"],
            actor_role=row["actorRole"],
            field=row["field"],
            request_id=row["requestId"],
        )
