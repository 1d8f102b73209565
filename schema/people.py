"""People: residents, Party members, in-service cadres; and the posts they hold."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.node import Connection, Node, entity, to_node
from resolvers import common, people
from schema.pairings import GridReport, Pairing, pairing_history

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.services import Commendation, ServiceRecord
    from schema.territory import Building, Household
    from schema.units import Unit, VolunteerTeam

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]
BuildingT = Annotated["Building", strawberry.lazy("schema.territory")]

UnitT = Annotated["Unit", strawberry.lazy("schema.units")]
TeamT = Annotated["VolunteerTeam", strawberry.lazy("schema.units")]
ServiceRecordT = Annotated["ServiceRecord", strawberry.lazy("schema.services")]
CommendationT = Annotated["Commendation", strawberry.lazy("schema.services")]


@strawberry.enum
class SpecialGroup(enum.Enum):
    ELDERLY_ALONE = "ELDERLY_ALONE"
    POOR_STUDENT = "POOR_STUDENT"
    DISABLED = "DISABLED"


@strawberry.enum
class Gender(enum.Enum):
    FEMALE = "F"
    MALE = "M"


@strawberry.enum
class PostRole(enum.Enum):
    SECRETARY = "SECRETARY"
    GROUP_LEADER = "GROUP_LEADER"
    BUILDING_LEADER = "BUILDING_LEADER"
    CENTRAL_HOUSEHOLD = "CENTRAL_HOUSEHOLD"
    POLICE_OFFICER = "POLICE_OFFICER"
    TASK_FORCE_HEAD = "TASK_FORCE_HEAD"


@strawberry.type
class PostHolding:
    role: PostRole
    of: Node = strawberry.field(description="The organization, building, area or compound the post belongs to.")
    since: date
    until: date | None


async def resolve_posts(root: Person, info: strawberry.Info, as_of: date | None = None) -> list[PostHolding]:
    rows = await info.context.loaders.related("people/rel_posts", info.context.day(as_of)).load(root.code)
    return [
        PostHolding(role=PostRole(r["role"]), of=to_node(r["of"]), since=r["since"], until=r["until"]) for r in rows
    ]


@entity
@strawberry.type(description="A resident, Party member or in-service cadre. Personal data is masked by role.")
class Person(Node):
    code: str
    is_party_member: bool
    row: strawberry.Private[dict[str, Any]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Person:
        return cls(code=row["code"], is_party_member=bool(row.get("isPartyMember")), row=row)

    name: str = strawberry.field(
        resolver=people.resolve_name,
        description="Masked (e.g. 张**) unless the caller's role needs the full name.",
    )
    phone: str | None = strawberry.field(
        resolver=people.resolve_phone,
        description="Masked (e.g. 138****1234) unless the caller's role needs it.",
    )
    id_number: str | None = strawberry.field(
        resolver=people.resolve_id_number,
        description="ID card number, masked unless the caller's role needs it.",
    )
    special_groups: list[SpecialGroup] = strawberry.field(
        resolver=people.resolve_special_groups, description="Only for roles that need it; empty otherwise."
    )
    household: HouseholdT | None = strawberry.field(resolver=common.related("Person", "household"))
    reported_to: GridReport | None = strawberry.field(
        resolver=common.row_as_of("people/rel_reported_to", GridReport.from_row),
        description="The grid this member reports in to (报到) on the given day (default: today), since when; null "
        "when none.",
    )
    paired_buildings: list[BuildingT] = strawberry.field(
        resolver=common.related("Person", "paired_buildings", as_of=True),
        description="Buildings this member is paired with as a whole (包楼栋) on the given day (default: today).",
    )
    pairing_history: list[Pairing] = pairing_history(
        "Every pairing of this member with a household (联户) or building (包楼栋), ended ones too, by start day."
    )
    unit: UnitT | None = strawberry.field(
        resolver=common.related("Person", "unit"),
        description="Employer, for in-service Party members and cadres.",
    )
    party_organization: Organization | None = strawberry.field(resolver=common.node("people/rel_party_organization"))
    paired_households: list[HouseholdT] = strawberry.field(
        resolver=common.related("Person", "paired_households", as_of=True)
    )
    posts: list[PostHolding] = strawberry.field(resolver=resolve_posts)
    volunteer_teams: list[TeamT] = strawberry.field(resolver=common.nodes("people/rel_volunteer_teams"))
    service_records: Connection[ServiceRecordT] = strawberry.field(
        resolver=common.page("services/page_service_records_of", "services/count_service_records_of"),
        description="Micro-services (微服务) this Party member gave, in code order.",
    )
    commendations: list[CommendationT] = strawberry.field(
        resolver=common.nodes("services/rel_person_commendations"),
        description="Recognitions as a role model (典型), newest first.",
    )

    @strawberry.field(description="A red steward (红色管家).")
    def red_steward(self) -> bool:
        return bool(self.row.get("redSteward"))

    # Personal: rows reach these fields already redacted for roles that may not see them (graph/privacy.py).
    @strawberry.field(description="Only for roles that need it; null otherwise.")
    def gender(self) -> Gender | None:
        value = self.row.get("gender")
        return Gender(value) if value else None

    @strawberry.field(description="The year of birth; only for roles that need it, null otherwise.")
    def birth_year(self) -> int | None:
        born = self.row.get("birthDate")
        return born.year if born else None

    @strawberry.field(description="Free text (退休教师, 机关干部, ...); only for roles that need it, null otherwise.")
    def occupation(self) -> str | None:
        return self.row.get("occupation")
