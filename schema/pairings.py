"""Pairing changes: a Party member with a household (联户) or a building (包楼栋), a unit with an area (包片),
a volunteer team with a compound it serves, and a cadre reporting in to a grid (报到). Ending any of them
sets the day it ends and keeps the record: every past day can still be asked about (``asOf``)."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.errors import UserError
from api.node import to_node
from resolvers import common, pairings

if TYPE_CHECKING:
    from schema.people import Person
    from schema.territory import Area, Building, Compound, Grid, Household
    from schema.units import Unit, VolunteerTeam

PersonT = Annotated["Person", strawberry.lazy("schema.people")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]
BuildingT = Annotated["Building", strawberry.lazy("schema.territory")]
AreaT = Annotated["Area", strawberry.lazy("schema.territory")]
CompoundT = Annotated["Compound", strawberry.lazy("schema.territory")]
GridT = Annotated["Grid", strawberry.lazy("schema.territory")]
UnitT = Annotated["Unit", strawberry.lazy("schema.units")]
TeamT = Annotated["VolunteerTeam", strawberry.lazy("schema.units")]


@strawberry.type(
    description="A member's report in (报到) to a grid: who, where, since when, and its end once it ended."
)
class GridReport:
    member: PersonT
    grid: GridT
    since: date = strawberry.field(description="The first day it holds.")
    until: date | None = strawberry.field(description="The first day it no longer holds; null while it holds.")
    end_reason: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> GridReport:
        return cls(
            member=to_node(row["member"]),
            grid=to_node(row["grid"]),
            since=row["since"],
            until=row["until"],
            end_reason=row["endReason"],
        )


@strawberry.enum(description="What a pairing (PAIRED_WITH edge) pairs.")
class PairingKind(enum.Enum):
    HOUSEHOLD = strawberry.enum_value("HOUSEHOLD", description="A cadre with a household (联户).")
    BUILDING = strawberry.enum_value("BUILDING", description="A cadre with a whole building (包楼栋).")
    AREA = strawberry.enum_value("AREA", description="A co-building unit with an area (包片).")


_PAIRING_KIND = {"Household": PairingKind.HOUSEHOLD, "Building": PairingKind.BUILDING, "Area": PairingKind.AREA}


@strawberry.type(
    description="One pairing, current or ended (nothing is deleted): a member or unit, what it is paired with, "
    "from when, and until when and why once it ended."
)
class Pairing:
    kind: PairingKind
    member: PersonT | None = strawberry.field(description="The Party member (联户, 包楼栋); null for a unit's.")
    unit: UnitT | None = strawberry.field(description="The co-building unit (包片); null for a member's.")
    household: HouseholdT | None
    building: BuildingT | None
    area: AreaT | None
    since: date = strawberry.field(description="The first day it holds.")
    until: date | None = strawberry.field(description="The first day it no longer holds; null while it holds.")
    end_reason: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Pairing:
        source, target = to_node(row["from"]), to_node(row["to"])
        label = row["to"]["_label"]
        return cls(
            kind=_PAIRING_KIND[label],
            member=source if row["from"]["_label"] == "Person" else None,
            unit=source if row["from"]["_label"] == "Unit" else None,
            household=target if label == "Household" else None,
            building=target if label == "Building" else None,
            area=target if label == "Area" else None,
            since=row["validFrom"],
            until=row["validTo"],
            end_reason=row["endReason"],
        )


def pairing_history(description: str) -> Any:
    """``pairingHistory`` of a household, building, area, person or unit: every pairing, by start day."""
    return strawberry.field(
        resolver=common.rows_of("pairings/rel_pairing_history", Pairing.from_row), description=description
    )


IDEMPOTENCY = (
    "A key of yours (1–100 characters): repeating the request with it returns the first result and writes nothing more."
)
SINCE = "The first day it holds (default: today)."
UNTIL = "The first day it no longer holds (default: today); after the day it began."
REASON = "Why it ends (up to 500 characters), stored as given."


@strawberry.input
class PairMemberWithHouseholdInput:
    member_id: strawberry.ID
    household_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description="The first day of the pairing (default: today).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class EndPairingInput:
    member_id: strawberry.ID
    household_id: strawberry.ID
    until: date | None = strawberry.field(
        default=None, description="The first day the pairing no longer holds (default: today)."
    )
    reason: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class PairMemberWithBuildingInput:
    member_id: strawberry.ID
    building_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description=SINCE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class EndBuildingPairingInput:
    member_id: strawberry.ID
    building_id: strawberry.ID
    until: date | None = strawberry.field(default=None, description=UNTIL)
    reason: str | None = strawberry.field(default=None, description=REASON)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class PairUnitWithAreaInput:
    unit_id: strawberry.ID
    area_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description=SINCE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class EndUnitPairingInput:
    unit_id: strawberry.ID
    area_id: strawberry.ID
    until: date | None = strawberry.field(default=None, description=UNTIL)
    reason: str | None = strawberry.field(default=None, description=REASON)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class AttachTeamToCompoundInput:
    team_id: strawberry.ID
    compound_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description=SINCE)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class DetachTeamFromCompoundInput:
    team_id: strawberry.ID
    compound_id: strawberry.ID
    until: date | None = strawberry.field(default=None, description=UNTIL)
    reason: str | None = strawberry.field(default=None, description=REASON)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class ReportToGridInput:
    member_id: strawberry.ID
    grid_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description=SINCE)
    reason: str | None = strawberry.field(
        default=None,
        description="Why the report to the previous grid, if any, ends that day (e.g. 网格调整); stored as given.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class EndGridReportInput:
    member_id: strawberry.ID
    grid_id: strawberry.ID
    until: date | None = strawberry.field(default=None, description=UNTIL)
    reason: str | None = strawberry.field(default=None, description=REASON)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class PairingPayload:
    member: PersonT | None = None
    household: HouseholdT | None = None
    user_errors: list[UserError]


@strawberry.type
class BuildingPairingPayload:
    member: PersonT | None = None
    building: BuildingT | None = None
    user_errors: list[UserError]


@strawberry.type
class UnitPairingPayload:
    unit: UnitT | None = None
    area: AreaT | None = None
    user_errors: list[UserError]


@strawberry.type
class TeamServicePayload:
    team: TeamT | None = None
    compound: CompoundT | None = None
    user_errors: list[UserError]


@strawberry.type
class GridReportPayload:
    member: PersonT | None = None
    grid: GridT | None = None
    user_errors: list[UserError]


@strawberry.type
class PairingsMutation:
    @strawberry.mutation
    async def pair_member_with_household(
        self, info: strawberry.Info, input: PairMemberWithHouseholdInput
    ) -> PairingPayload:
        return PairingPayload(**await pairings.pair_member_with_household(info, input))

    @strawberry.mutation(description="Ends a pairing; the history is kept.")
    async def end_pairing(self, info: strawberry.Info, input: EndPairingInput) -> PairingPayload:
        return PairingPayload(**await pairings.end_pairing(info, input))

    @strawberry.mutation(description="包楼栋: pairs a Party member with a whole building.")
    async def pair_member_with_building(
        self, info: strawberry.Info, input: PairMemberWithBuildingInput
    ) -> BuildingPairingPayload:
        return BuildingPairingPayload(**await pairings.pair_member_with_building(info, input))

    @strawberry.mutation(description="Ends a member's pairing with a building; the history is kept.")
    async def end_building_pairing(
        self, info: strawberry.Info, input: EndBuildingPairingInput
    ) -> BuildingPairingPayload:
        return BuildingPairingPayload(**await pairings.end_building_pairing(info, input))

    @strawberry.mutation(description="包片: pairs a co-building unit with an area.")
    async def pair_unit_with_area(self, info: strawberry.Info, input: PairUnitWithAreaInput) -> UnitPairingPayload:
        return UnitPairingPayload(**await pairings.pair_unit_with_area(info, input))

    @strawberry.mutation(description="Ends a unit's pairing with an area; the history is kept.")
    async def end_unit_pairing(self, info: strawberry.Info, input: EndUnitPairingInput) -> UnitPairingPayload:
        return UnitPairingPayload(**await pairings.end_unit_pairing(info, input))

    @strawberry.mutation(description="A volunteer team starts serving a compound.")
    async def attach_team_to_compound(
        self, info: strawberry.Info, input: AttachTeamToCompoundInput
    ) -> TeamServicePayload:
        return TeamServicePayload(**await pairings.attach_team_to_compound(info, input))

    @strawberry.mutation(description="A volunteer team stops serving a compound; the history is kept.")
    async def detach_team_from_compound(
        self, info: strawberry.Info, input: DetachTeamFromCompoundInput
    ) -> TeamServicePayload:
        return TeamServicePayload(**await pairings.detach_team_from_compound(info, input))

    @strawberry.mutation(
        description="报到: an in-service Party member reports in to a grid. A cadre is in one grid at a time: "
        "a report to another grid ends the day this one begins."
    )
    async def report_to_grid(self, info: strawberry.Info, input: ReportToGridInput) -> GridReportPayload:
        return GridReportPayload(**await pairings.report_to_grid(info, input))

    @strawberry.mutation(description="Ends a member's report to a grid; the history is kept.")
    async def end_grid_report(self, info: strawberry.Info, input: EndGridReportInput) -> GridReportPayload:
        return GridReportPayload(**await pairings.end_grid_report(info, input))
