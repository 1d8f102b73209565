"""Root fields of the services domain: venues, micro-projects, micro-services, grants, commendations, the
task force, and the three-micro figures. Each resolves its ``scope`` in one place and is one query (plus
a count query that runs only when ``totalCount`` is asked for).

Then the changes: micro-projects and milestones, micro-service records, grants (``graph/services.py``).
"""

from __future__ import annotations

import enum
from datetime import date
from functools import partial
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api import ids
from api.node import connection, decode_cursor, page_size, to_node
from graph import services
from graph.changes import Refused
from resolvers.mutations import InputErrors, change, decode_ids, mutate, perform, validate
from resolvers.queues import queue_params
from resolvers.scopes import scope_argument

# The arguments' enums are graph/services.py's, made GraphQL enums by schema/services.py (api.enums).
ProjectKindArg = services.MicroProjectKind
ProjectStatusArg = services.MicroProjectStatus
ServiceKindArg = services.ServiceKind
GrantKindArg = services.GrantKind


def _value(member: enum.Enum | None) -> str | None:
    return member.value if member is not None else None


async def _page(info: Info, query: str, count_query: str, params: dict[str, Any], first: int | None, after: str | None):
    """A keyset page of a root list: ``first + 1`` rows after the cursor key, counted on demand."""
    ctx = info.context
    size = page_size(first)
    rows = [r["node"] for r in await ctx.read(query, {**params, "after": decode_cursor(after), "first": size + 1})]

    async def count() -> int:
        row = await ctx.read_one(count_query, params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)


async def resolve_micro_projects(
    info: Info,
    scope: strawberry.ID | None = None,
    kind: ProjectKindArg | None = None,
    status: ProjectStatusArg | None = None,
    first: int | None = 20,
    after: str | None = None,
) -> Any:
    roots = (await scope_argument(info, scope)).roots
    params = {"roots": list(roots), "kind": _value(kind), "status": _value(status)}
    return await _page(info, "services/page_micro_projects", "services/count_micro_projects", params, first, after)


async def list_milestones(
    info: Info,
    scope: strawberry.ID | None,
    done: bool | None,
    overdue: bool | None,
    due_soon: bool | None,
    as_of: date | None,
    by_due: bool,
    first: int | None,
    after: str | None,
) -> Any:
    """The milestones list: scoped by their project's site, filtered by done and deadline, in code or due-day
    order (keyset on ``_key``)."""
    ctx = info.context
    size = page_size(first)
    day = ctx.day(as_of)
    roots = (await scope_argument(info, scope, day)).roots
    params = {"roots": list(roots), "done": done, **queue_params(day, overdue, due_soon, by_due)}
    rows = [
        r["node"]
        for r in await ctx.read(
            "services/page_milestones", {**params, "after": decode_cursor(after), "first": size + 1}
        )
    ]

    async def count() -> int:
        row = await ctx.read_one("services/count_milestones", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_key")


async def resolve_service_records(
    info: Info,
    scope: strawberry.ID | None = None,
    kind: ServiceKindArg | None = None,
    include_retracted: Annotated[
        bool, strawberry.argument(description="Also list records retracted as entered in error.")
    ] = False,
    first: int | None = 20,
    after: str | None = None,
) -> Any:
    roots = (await scope_argument(info, scope)).roots
    params = {"roots": list(roots), "kind": _value(kind), "includeRetracted": include_retracted}
    return await _page(info, "services/page_service_records", "services/count_service_records", params, first, after)


async def resolve_grants(
    info: Info,
    scope: strawberry.ID | None = None,
    year: int | None = None,
    kind: GrantKindArg | None = None,
    include_voided: Annotated[bool, strawberry.argument(description="Also list grants voided as wrong.")] = False,
    first: int | None = 20,
    after: str | None = None,
) -> Any:
    size = page_size(first)
    key = decode_cursor(after)
    roots = (await scope_argument(info, scope)).roots
    params = {
        "roots": list(roots),
        "year": year,
        "kind": _value(kind),
        "includeVoided": include_voided,
        "today": info.context.today,
    }
    ctx = info.context
    rows = [r["node"] for r in await ctx.read("services/page_grants", {**params, "after": key, "first": size + 1})]

    async def count() -> int:
        row = await ctx.read_one("services/count_grants", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_cursor")


async def resolve_commendations(info: Info, scope: strawberry.ID | None = None, year: int | None = None) -> list[Any]:
    roots = (await scope_argument(info, scope)).roots
    params = {"roots": list(roots), "year": year}
    return [to_node(r["node"]) for r in await info.context.read("services/get_commendations", params)]


async def resolve_venues(
    info: Info, scope: strawberry.ID | None = None, upgraded_only: bool | None = False, as_of: date | None = None
) -> list[Any]:
    day = info.context.day(as_of)
    roots = (await scope_argument(info, scope, day)).roots
    params = {"roots": list(roots), "upgradedOnly": bool(upgraded_only), "asOf": day}
    return [to_node(r["node"]) for r in await info.context.read("services/get_venues", params)]


async def resolve_task_force(info: Info) -> Any:
    ctx = info.context
    rows = [r["node"] for r in await ctx.read("services/get_task_force")]
    return to_node(rows[0]) if rows else None


async def funds_by_kind(info: Info, scope: strawberry.ID | None, year: int | None) -> list[dict[str, Any]]:
    """Rows ``{kind, grants, amountYuan, organizations}`` for the grants inside the scope."""
    roots = (await scope_argument(info, scope, analysis=True)).roots
    return await info.context.read("services/get_funds_summary", {"roots": list(roots), "year": year})


async def three_micro_figures(info: Info, scope: strawberry.ID | None) -> dict[str, Any]:
    """One row of counts: wishes, micro-projects by kind, venues, services, commendations, matters by kind."""
    ctx = info.context
    roots = (await scope_argument(info, scope, analysis=True)).roots
    row = await ctx.read_one("services/get_three_micro_summary", {"roots": list(roots), "asOf": ctx.today})
    assert row is not None  # the query always returns one row of counts
    return row


# ---------------------------------------------------------------- changes: micro-projects, services, grants

PROJECT_FIELDS = {"project": "project"}
MILESTONE_FIELDS = {"milestone": "milestone", "project": "project"}
SERVICE_FIELDS = {"service_record": "serviceRecord"}
GRANT_FIELDS = {"grant": "grant"}


def _decode_list(values: list[Any], type_name: str, field: str) -> list[str]:
    """Codes for a list of ids of one type; every malformed or wrong-type id is reported with its index."""
    codes: list[str] = []
    errors: list[Refused] = []
    for index, value in enumerate(values):
        try:
            codes.append(ids.decode_as(str(value), type_name, field))
        except ids.BadId as exc:
            errors.append(Refused("INVALID_ID", exc.message.split(": ", 1)[1], ("input", field, str(index))))
    if errors:
        raise InputErrors(errors)
    return codes


PROJECT_IDS: dict[str, str | tuple[str, ...]] = {"owner_id": "PartyOrganization", "site_id": ("Compound", "Area")}


async def create_micro_project(info: Info, input: Any) -> dict[str, Any]:
    async def run() -> Any:
        errors: list[Refused] = []
        codes: dict[str, Any] = {}
        for decode in (
            lambda: decode_ids(input, **PROJECT_IDS),
            lambda: {"coordinatingUnitIds": _decode_list(input.coordinating_unit_ids, "Unit", "coordinatingUnitIds")},
        ):
            try:
                codes |= decode()
            except InputErrors as exc:
                errors += exc.errors
        if errors:
            raise InputErrors(errors)
        values = {"name": input.name, "kind": _value(input.kind), "budgetYuan": input.budget_yuan,
                  "plannedStartOn": input.planned_start_on, "today": info.context.today}  # fmt: skip
        command = validate(services.CreateMicroProject, {**codes, **values}, info.context.today)
        work = partial(services.create_micro_project, cmd=command)
        return await perform(info, "createMicroProject", work, input, codes, PROJECT_IDS)

    return await mutate(info, run, PROJECT_FIELDS)


async def change_micro_project_status(info: Info, input: Any) -> dict[str, Any]:
    values = {"status": _value(input.status), "on": input.on or info.context.today, "today": info.context.today}
    return await change(
        info, input, "changeMicroProjectStatus", services.ChangeMicroProjectStatus,
        services.change_micro_project_status, {"project_id": "MicroProject"}, values, PROJECT_FIELDS,
    )  # fmt: skip


async def record_micro_project_progress(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "recordMicroProjectProgress", services.RecordMicroProjectProgress,
        services.record_micro_project_progress, {"project_id": "MicroProject"},
        {"progress": input.progress, "reason": input.reason}, PROJECT_FIELDS,
    )  # fmt: skip


async def cancel_micro_project(info: Info, input: Any) -> dict[str, Any]:
    values = {"on": input.on or info.context.today, "reason": input.reason, "today": info.context.today}
    return await change(
        info, input, "cancelMicroProject", services.CancelMicroProject, services.cancel_micro_project,
        {"project_id": "MicroProject"}, values, PROJECT_FIELDS,
    )  # fmt: skip


async def add_milestone(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "addMilestone", services.AddMilestone, services.add_milestone, {"project_id": "MicroProject"},
        {"title": input.title, "dueOn": input.due_on}, MILESTONE_FIELDS,
    )  # fmt: skip


async def complete_milestone(info: Info, input: Any) -> dict[str, Any]:
    values = {"doneOn": input.done_on or info.context.today, "today": info.context.today}
    return await change(
        info, input, "completeMilestone", services.CompleteMilestone, services.complete_milestone,
        {"milestone_id": "Milestone"}, values, MILESTONE_FIELDS,
    )  # fmt: skip


async def record_service(info: Info, input: Any) -> dict[str, Any]:
    values = {"kind": _value(input.kind), "method": input.method, "servedOn": input.served_on or info.context.today,
              "description": input.description, "today": info.context.today}  # fmt: skip
    return await change(
        info, input, "recordService", services.RecordService, services.record_service,
        {"member_id": "Person", "household_id": "Household"}, values, SERVICE_FIELDS,
    )  # fmt: skip


async def retract_service(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "retractService", services.RetractService, services.retract_service,
        {"service_record_id": "ServiceRecord"}, {"reason": input.reason, "today": info.context.today}, SERVICE_FIELDS,
    )  # fmt: skip


async def record_grant(info: Info, input: Any) -> dict[str, Any]:
    values = {"kind": _value(input.kind), "amountYuan": input.amount_yuan, "year": input.year}
    return await change(
        info, input, "recordGrant", services.RecordGrant, services.record_grant,
        {"organization_id": "PartyOrganization", "unit_id": "Unit"}, values, GRANT_FIELDS,
    )  # fmt: skip


async def disburse_grant(info: Info, input: Any) -> dict[str, Any]:
    values = {"on": input.on or info.context.today, "today": info.context.today}
    return await change(
        info, input, "disburseGrant", services.DisburseGrant, services.disburse_grant, {"grant_id": "Grant"}, values,
        GRANT_FIELDS,
    )  # fmt: skip


async def void_grant(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "voidGrant", services.VoidGrant, services.void_grant, {"grant_id": "Grant"},
        {"reason": input.reason, "today": info.context.today}, GRANT_FIELDS,
    )  # fmt: skip
