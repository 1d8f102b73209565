"""What the queues of wishes, matters and milestones share: their order, and the overdue and due-soon flags
(graph/rules.py states the rule: open on the day and due before it, or due within a week)."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph.rules import DUE_SOON_DAYS
from resolvers import queues

AS_OF = "The day to judge on (default: today)."


@strawberry.enum(description="The order of a queue.")
class QueueOrder(enum.Enum):
    CODE = strawberry.enum_value("CODE", description="By code.")
    DUE_DATE = strawberry.enum_value("DUE_DATE", description="By due day, earliest first (none last), then by code.")


OVERDUE = "Only those open on the day and due before it (true), or only the others (false)."
DUE_SOON = f"Only those open on the day and due within {DUE_SOON_DAYS} days of it (true), or only the others (false)."

OverdueArg = Annotated[bool | None, strawberry.argument(description=OVERDUE)]
DueSoonArg = Annotated[bool | None, strawberry.argument(description=DUE_SOON)]
AsOfArg = Annotated[date | None, strawberry.argument(description=AS_OF)]
OrderArg = Annotated[QueueOrder | None, strawberry.argument(description="Default: CODE.")]


async def resolve_overdue(root: Any, info: Info, as_of: AsOfArg = None) -> bool:
    return await queues.overdue(info, root.code, as_of)


async def resolve_due_soon(root: Any, info: Info, as_of: AsOfArg = None) -> bool:
    return await queues.due_soon(info, root.code, as_of)


def overdue_field() -> Any:
    return strawberry.field(
        resolver=resolve_overdue, description="Open on the given day (default: today) and due before it."
    )


def due_soon_field() -> Any:
    return strawberry.field(
        resolver=resolve_due_soon,
        description=f"Open on the given day (default: today) and due within {DUE_SOON_DAYS} days of it.",
    )
