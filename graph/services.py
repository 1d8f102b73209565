"""Changing the three micro (三微) and the money: micro-projects (微项目) and their milestones, micro-service
records (微服务) and grants (工作经费, 党费补助).

Nothing here deletes anything:

* a micro-project moves PLANNED → IN_PROGRESS → COMPLETED, one step at a time, and is *cancelled* (status
  CANCELLED, with ``cancelledOn`` and ``cancelReason``) rather than removed. Its progress (0–100) never goes
  back unless a reason is given (a rework, 返工): the reason is kept in the audit record, which is the
  progress history. Completion needs every milestone done and sets the progress to 100.
* a service record entered in error is *retracted* (``retractedOn``, ``retractReason``): the default reads
  no longer count or list it, but it stays, and ``serviceRecords(includeRetracted: true)`` shows it. The
  record a fulfilled micro-wish left (kind MICRO_WISH, made by ``fulfilWish`` only) is not retracted here.
* a grant entered in error is *voided* (``voidedOn``, ``voidReason``): it leaves the grants list, the funds
  summary and the five haves' RESOURCES, and stays. It is disbursed once, not before its year begins.

The commands validate their input (each error names its input field); a unit of work checks what the
graph says and raises :class:`Refused`, so nothing is written when a rule forbids the change.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal, get_args

import neo4j
from pydantic import BaseModel, Field, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from graph.changes import Change, Refused, new_code
from graph.commands import CAMEL_COMMAND as COMMAND
from graph.commands import BudgetYuan, GrantYuan, Happened, Name, Plan, Reason, Text, Today
from graph.driver import run
from graph.refusals import not_found

UNITS_MAX = 10
MILESTONES_MAX = 20
"""A project's milestones (the seeded ones have 4 at most): the list is not paginated, so it is bounded here."""


class MicroProjectKind(StrEnum):
    RENOVATION = "RENOVATION"
    FACILITY = "FACILITY"
    GREENING = "GREENING"
    LIGHTING = "LIGHTING"
    SANITATION = "SANITATION"


class MicroProjectStatus(StrEnum):
    PLANNED = "PLANNED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ServiceKind(StrEnum):
    PENSION_FILING = "PENSION_FILING"
    VETERAN_REVIEW = "VETERAN_REVIEW"
    HEALTH_CHECK = "HEALTH_CHECK"
    REPAIR = "REPAIR"
    COMPANIONSHIP = "COMPANIONSHIP"
    POLICY_TALK = "POLICY_TALK"
    MICRO_WISH = "MICRO_WISH"
    """Only a fulfilled wish leaves one (graph/wishes.py), with its FULFILS link: recordService refuses it."""


RECORDED_KINDS = tuple(kind for kind in ServiceKind if kind is not ServiceKind.MICRO_WISH)
"""The kinds recordService takes."""


class GrantKind(StrEnum):
    WORKING_FUNDS = "WORKING_FUNDS"
    PARTY_FEE_SUBSIDY = "PARTY_FEE_SUBSIDY"


FiveSmall = Literal["讲清小道理", "开展小活动", "宣传小人物", "解决小问题", "做好小事情"]

FIVE_SMALL: tuple[str, ...] = get_args(FiveSmall)
"""The five small (五小) methods of a micro-service, stored as these words (as the data set holds them)."""

OWNER_KINDS = ("COMMUNITY_COMMITTEE", "GRID_BRANCH")
"""Who owns a micro-project: a community Party committee or a grid branch (DOMAIN.md)."""

NEXT_STATUS = {"PLANNED": "IN_PROGRESS", "IN_PROGRESS": "COMPLETED"}


# ---------------------------------------------------------------- validation shared by the commands


def params(cmd: BaseModel, **extra: Any) -> dict[str, Any]:
    """A command as Cypher parameters: camelCase names (``budgetYuan``), ids by their entity (``owner``)."""
    return {to_camel(name): value for name, value in cmd.model_dump().items()} | extra


def date_order(message: str, field: str) -> Refused:
    return Refused("DATE_ORDER", message, ("input", field))


# ---------------------------------------------------------------- micro-projects (微项目)


class CreateMicroProject(BaseModel):
    model_config = COMMAND

    name: Name
    kind: MicroProjectKind
    owner: str = Field(alias="ownerId")
    site: str = Field(alias="siteId")
    units: list[str] = Field(alias="coordinatingUnitIds", min_length=1, max_length=UNITS_MAX)
    budget_yuan: BudgetYuan
    planned_start_on: Plan
    today: Today

    @field_validator("units")
    @classmethod
    def _distinct(cls, units: list[str]) -> list[str]:
        if len(set(units)) != len(units):
            raise PydanticCustomError("duplicate", "names a unit more than once")
        return units


class ChangeMicroProjectStatus(BaseModel):
    model_config = COMMAND

    today: Today
    project: str = Field(alias="projectId")
    status: MicroProjectStatus
    on: Happened


class RecordMicroProjectProgress(BaseModel):
    model_config = COMMAND

    project: str = Field(alias="projectId")
    progress: int = Field(ge=0, le=100)
    reason: Reason | None = None
    """Needed when the progress goes back (e.g. 返工); kept in the audit record."""


class CancelMicroProject(BaseModel):
    model_config = COMMAND

    today: Today
    project: str = Field(alias="projectId")
    on: Happened
    reason: Reason


class AddMilestone(BaseModel):
    model_config = COMMAND

    project: str = Field(alias="projectId")
    title: Name
    due_on: Plan


class CompleteMilestone(BaseModel):
    model_config = COMMAND

    today: Today
    milestone: str = Field(alias="milestoneId")
    done_on: Happened


async def _project(tx: neo4j.AsyncManagedTransaction, code: str) -> dict[str, Any]:
    rows = await run(tx, "services/lock_micro_project", {"project": code})
    if not rows:
        raise not_found("projectId", "MicroProject")
    return rows[0]


def _open(found: dict[str, Any], what: str) -> None:
    """Refuse a change to a project that is over (completed or cancelled)."""
    if found["status"] in ("COMPLETED", "CANCELLED"):
        raise Refused("PROJECT_CLOSED", f"the project is {found['status']}: {what}", ("input", "projectId"))


async def create_micro_project(tx: neo4j.AsyncManagedTransaction, cmd: CreateMicroProject) -> Change:
    found = (await run(tx, "services/get_project_references", params(cmd, today=cmd.today)))[0]
    if not found["owner"]:
        raise not_found("ownerId", "PartyOrganization")
    if found["ownerKind"] not in OWNER_KINDS:
        raise Refused(
            "WRONG_OWNER",
            f"a micro-project is owned by a community Party committee or a grid branch, not a {found['ownerKind']}",
            ("input", "ownerId"),
        )
    if not found["site"]:
        raise not_found("siteId", "Compound", "Area")
    if found["missingUnits"]:
        raise Refused(
            "NOT_FOUND",
            f"no unit with the code(s) {', '.join(found['missingUnits'])}",
            ("input", "coordinatingUnitIds"),
        )
    if not found["answersForSite"]:
        raise Refused(
            "OWNER_ELSEWHERE", "the owner does not answer for the grid or community of this site", ("input", "siteId")
        )
    code = new_code("MP")
    await run(tx, "services/create_micro_project", params(cmd, code=code))
    return Change(
        action="createMicroProject",
        entities=[code, cmd.site, cmd.owner, *cmd.units],
        after={
            "name": cmd.name,
            "kind": cmd.kind,
            "budgetYuan": cmd.budget_yuan,
            "plannedStartOn": cmd.planned_start_on,
            "status": "PLANNED",
            "progress": 0,
            "owner": cmd.owner,
            "at": cmd.site,
            "coordinatingUnits": list(cmd.units),
        },
        result={"project": code},
    )


async def change_micro_project_status(tx: neo4j.AsyncManagedTransaction, cmd: ChangeMicroProjectStatus) -> Change:
    """PLANNED → IN_PROGRESS (sets ``startedOn``) → COMPLETED (sets ``completedOn``, progress 100); nothing else."""
    found = await _project(tx, cmd.project)
    current = found["status"]
    if NEXT_STATUS.get(current) != cmd.status:
        allowed = f"it can only move to {NEXT_STATUS[current]}" if current in NEXT_STATUS else "it cannot change"
        hint = " (a project is cancelled with cancelMicroProject)" if cmd.status == "CANCELLED" else ""
        raise Refused("ILLEGAL_TRANSITION", f"the project is {current}: {allowed}{hint}", ("input", "status"))
    entities = [cmd.project, *found["parties"]]
    if cmd.status == "IN_PROGRESS":
        await run(tx, "services/start_micro_project", params(cmd))
        return Change(
            action="changeMicroProjectStatus",
            coverage=[cmd.project],
            entities=entities,
            before={"status": current, "startedOn": None},
            after={"status": cmd.status, "startedOn": cmd.on},
            result={"project": cmd.project},
        )
    if cmd.on < found["startedOn"]:
        raise date_order(f"must not be before the project started ({found['startedOn'].isoformat()})", "on")
    if found["openMilestones"]:
        raise Refused(
            "MILESTONES_OPEN",
            f"{found['openMilestones']} milestone(s) not done yet: complete them first",
            ("input", "status"),
        )
    if found["lastDone"] is not None and cmd.on < found["lastDone"]:
        raise date_order(f"must not be before its last milestone was done ({found['lastDone'].isoformat()})", "on")
    await run(tx, "services/complete_micro_project", params(cmd))
    return Change(
        action="changeMicroProjectStatus",
        coverage=[cmd.project],
        entities=entities,
        before={"status": current, "completedOn": None, "progress": found["progress"]},
        after={"status": cmd.status, "completedOn": cmd.on, "progress": 100},
        result={"project": cmd.project},
    )


async def record_micro_project_progress(tx: neo4j.AsyncManagedTransaction, cmd: RecordMicroProjectProgress) -> Change:
    """Progress is recorded while the project is in progress, and goes back only with a reason."""
    found = await _project(tx, cmd.project)
    _open(found, "its progress is final")
    if found["status"] == "PLANNED":
        raise Refused(
            "NOT_STARTED", "the project has not started: move it to IN_PROGRESS first", ("input", "projectId")
        )
    if cmd.progress == found["progress"]:
        raise Refused("UNCHANGED", f"the progress is already {cmd.progress}%", ("input", "progress"))
    if cmd.progress < found["progress"] and cmd.reason is None:
        raise Refused(
            "PROGRESS_BACKWARDS",
            f"less than the recorded {found['progress']}%: give a reason to set it back",
            ("input", "reason"),
        )
    await run(tx, "services/set_micro_project_progress", params(cmd))
    after: dict[str, Any] = {"progress": cmd.progress}
    if cmd.reason is not None:
        after["reason"] = cmd.reason
    return Change(
        action="recordMicroProjectProgress",
        entities=[cmd.project, *found["parties"]],
        before={"progress": found["progress"]},
        after=after,
        result={"project": cmd.project},
    )


async def cancel_micro_project(tx: neo4j.AsyncManagedTransaction, cmd: CancelMicroProject) -> Change:
    found = await _project(tx, cmd.project)
    current = found["status"]
    if current in ("COMPLETED", "CANCELLED"):
        raise Refused("ILLEGAL_TRANSITION", f"the project is {current}: it cannot be cancelled", ("input", "projectId"))
    if found["startedOn"] is not None and cmd.on < found["startedOn"]:
        raise date_order(f"must not be before the project started ({found['startedOn'].isoformat()})", "on")
    await run(tx, "services/cancel_micro_project", params(cmd))
    return Change(
        action="cancelMicroProject",
        coverage=[cmd.project],
        entities=[cmd.project, *found["parties"]],
        before={"status": current, "cancelledOn": None},
        after={"status": "CANCELLED", "cancelledOn": cmd.on, "cancelReason": cmd.reason},
        result={"project": cmd.project},
    )


async def add_milestone(tx: neo4j.AsyncManagedTransaction, cmd: AddMilestone) -> Change:
    """A milestone is due on or after the project's start (its actual start, or else the planned one)."""
    found = await _project(tx, cmd.project)
    _open(found, "no milestones are added")
    if found["milestones"] >= MILESTONES_MAX:
        raise Refused(
            "TOO_MANY_MILESTONES", f"a project has at most {MILESTONES_MAX} milestones", ("input", "projectId")
        )
    start = found["startedOn"] or found["plannedStartOn"]
    if start is not None and cmd.due_on < start:
        raise date_order(f"must not be before the project's start ({start.isoformat()})", "dueOn")
    code = new_code("MS")
    await run(tx, "services/create_milestone", params(cmd, code=code))
    return Change(
        action="addMilestone",
        entities=[code, cmd.project],
        after={"title": cmd.title, "dueOn": cmd.due_on, "project": cmd.project},
        result={"milestone": code, "project": cmd.project},
    )


async def complete_milestone(tx: neo4j.AsyncManagedTransaction, cmd: CompleteMilestone) -> Change:
    rows = await run(tx, "services/lock_milestone", params(cmd))
    if not rows:
        raise not_found("milestoneId", "Milestone")
    found = rows[0]
    if found["doneOn"] is not None:
        raise Refused("ALREADY_DONE", f"done already, on {found['doneOn'].isoformat()}", ("input", "milestoneId"))
    if found["status"] != "IN_PROGRESS":
        raise Refused(
            "ILLEGAL_TRANSITION",
            f"the project is {found['status']}: milestones are done while it is IN_PROGRESS",
            ("input", "milestoneId"),
        )
    if cmd.done_on < found["startedOn"]:
        raise date_order(f"must not be before the project started ({found['startedOn'].isoformat()})", "doneOn")
    await run(tx, "services/complete_milestone", params(cmd))
    return Change(
        action="completeMilestone",
        entities=[cmd.milestone, found["project"]],
        before={"doneOn": None},
        after={"doneOn": cmd.done_on},
        result={"milestone": cmd.milestone, "project": found["project"]},
    )


# ---------------------------------------------------------------- micro-services (微服务)


class RecordService(BaseModel):
    model_config = COMMAND

    today: Today
    member: str = Field(alias="memberId")
    household: str = Field(alias="householdId")
    kind: ServiceKind
    method: FiveSmall
    served_on: Happened
    description: Text | None = None

    @field_validator("kind")
    @classmethod
    def _recorded(cls, kind: str) -> str:
        # Refused as the pydantic Literal of RECORDED_KINDS would be (the code clients see: LITERAL_ERROR).
        if kind not in RECORDED_KINDS:
            expected = ", ".join(repr(k.value) for k in RECORDED_KINDS[:-1]) + f" or {RECORDED_KINDS[-1].value!r}"
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
        return kind


class RetractService(BaseModel):
    model_config = COMMAND

    today: Today
    record: str = Field(alias="serviceRecordId")
    reason: Reason


async def record_service(tx: neo4j.AsyncManagedTransaction, cmd: RecordService) -> Change:
    """A micro-service is given by a Party member, or by a volunteer (a volunteer team's member that day)."""
    found = (await run(tx, "services/get_service_references", params(cmd)))[0]
    if not found["member"]:
        raise not_found("memberId", "Person")
    if not found["household"]:
        raise not_found("householdId", "Household")
    if not found["isPartyMember"] and not found["volunteer"]:
        raise Refused(
            "NOT_A_SERVER",
            "a micro-service is given by a Party member or by a member of a volunteer team on that day",
            ("input", "memberId"),
        )
    code = new_code("SR")
    await run(tx, "services/create_service_record", params(cmd, code=code))
    return Change(
        action="recordService",
        entities=[code, cmd.household, cmd.member],
        after={
            "kind": cmd.kind,
            "method": cmd.method,
            "servedOn": cmd.served_on,
            "description": cmd.description,
            "by": cmd.member,
            "for": cmd.household,
        },
        result={"serviceRecord": code},
    )


async def retract_service(tx: neo4j.AsyncManagedTransaction, cmd: RetractService) -> Change:
    rows = await run(tx, "services/lock_service_record", params(cmd))
    if not rows:
        raise not_found("serviceRecordId", "ServiceRecord")
    found = rows[0]
    if found["retractedOn"] is not None:
        raise Refused(
            "ALREADY_RETRACTED",
            f"retracted already, on {found['retractedOn'].isoformat()}",
            ("input", "serviceRecordId"),
        )
    if found["wish"] is not None:
        # The wish would stay FULFILLED with its record gone from the counts: the loop's history must agree.
        raise Refused(
            "FULFILS_A_WISH",
            f"this record is how the micro-wish {found['wish']} was fulfilled; it is not retracted on its own",
            ("input", "serviceRecordId"),
        )
    await run(tx, "services/retract_service_record", params(cmd, today=cmd.today))
    return Change(
        action="retractService",
        entities=[cmd.record, *found["parties"]],
        before={"retractedOn": None},
        after={"retractedOn": cmd.today, "retractReason": cmd.reason},
        result={"serviceRecord": cmd.record},
    )


# ---------------------------------------------------------------- grants (工作经费, 党费补助)


class RecordGrant(BaseModel):
    model_config = COMMAND

    kind: GrantKind
    amount_yuan: GrantYuan
    year: int = Field(ge=2000, le=2100)
    organization: str = Field(alias="organizationId")
    unit: str = Field(alias="unitId")


class DisburseGrant(BaseModel):
    model_config = COMMAND

    today: Today
    grant: str = Field(alias="grantId")
    on: Happened


class VoidGrant(BaseModel):
    model_config = COMMAND

    today: Today
    grant: str = Field(alias="grantId")
    reason: Reason


async def _grant(tx: neo4j.AsyncManagedTransaction, code: str, voided: str) -> dict[str, Any]:
    """The grant, locked; refused with the code ``voided`` when it was voided."""
    rows = await run(tx, "services/lock_grant", {"grant": code})
    if not rows:
        raise not_found("grantId", "Grant")
    found = rows[0]
    if found["voidedOn"] is not None:
        raise Refused(voided, f"the grant was voided on {found['voidedOn'].isoformat()}", ("input", "grantId"))
    return found


async def record_grant(tx: neo4j.AsyncManagedTransaction, cmd: RecordGrant) -> Change:
    found = (await run(tx, "services/get_grant_references", params(cmd)))[0]
    if not found["organization"]:
        raise not_found("organizationId", "PartyOrganization")
    if not found["unit"]:
        raise not_found("unitId", "Unit")
    code = new_code("GT")
    await run(tx, "services/create_grant", params(cmd, code=code))
    return Change(
        action="recordGrant",
        entities=[code, cmd.organization, cmd.unit],
        after={
            "kind": cmd.kind,
            "amountYuan": cmd.amount_yuan,
            "year": cmd.year,
            "to": cmd.organization,
            "from": cmd.unit,
        },
        result={"grant": code},
    )


async def disburse_grant(tx: neo4j.AsyncManagedTransaction, cmd: DisburseGrant) -> Change:
    """A grant is paid once, not before its year begins (and not in the future: the command checks that)."""
    found = await _grant(tx, cmd.grant, "VOIDED")
    if found["disbursedOn"] is not None:
        raise Refused(
            "ALREADY_DISBURSED", f"disbursed already, on {found['disbursedOn'].isoformat()}", ("input", "grantId")
        )
    if cmd.on < date(found["year"], 1, 1):
        raise date_order(f"must not be before the grant's year {found['year']} begins", "on")
    await run(tx, "services/disburse_grant", params(cmd))
    return Change(
        action="disburseGrant",
        coverage=[cmd.grant],
        entities=[cmd.grant, *found["parties"]],
        before={"disbursedOn": None},
        after={"disbursedOn": cmd.on},
        result={"grant": cmd.grant},
    )


async def void_grant(tx: neo4j.AsyncManagedTransaction, cmd: VoidGrant) -> Change:
    found = await _grant(tx, cmd.grant, "ALREADY_VOIDED")
    await run(tx, "services/void_grant", params(cmd, today=cmd.today))
    return Change(
        action="voidGrant",
        coverage=[cmd.grant],
        entities=[cmd.grant, *found["parties"]],
        before={"voidedOn": None},
        after={"voidedOn": cmd.today, "voidReason": cmd.reason},
        result={"grant": cmd.grant},
    )
