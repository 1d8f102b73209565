"""Pairing changes: a Party member with a household (联户) or a building (包楼栋), a unit with an area (包片),
a volunteer team with a compound it serves, and a cadre reporting in to a grid (报到). Ending any of them
sets the day it ends and keeps the record: every past day can still be asked about (``asOf``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import pairings
from schema.changes import UserError

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
