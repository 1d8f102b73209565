"""Pairing and reporting-in mutations: arguments in, a ``graph/pairings`` change, the payload's fields out."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graph import pairings
from resolvers.mutations import change, ending, starting

PAIRING_FIELDS = {"member": "member", "household": "household"}
BUILDING_PAIRING_FIELDS = {"member": "member", "building": "building"}
UNIT_PAIRING_FIELDS = {"unit": "unit", "area": "area"}
TEAM_SERVICE_FIELDS = {"team": "team", "compound": "compound"}
GRID_REPORT_FIELDS = {"member": "member", "grid": "grid"}


async def pair_member_with_household(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "pairMemberWithHousehold", pairings.PairMemberWithHousehold, pairings.pair_member_with_household,
        {"member_id": "Person", "household_id": "Household"}, starting(info, input), PAIRING_FIELDS,
    )  # fmt: skip


async def end_pairing(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "endPairing", pairings.EndPairing, pairings.end_pairing,
        {"member_id": "Person", "household_id": "Household"}, ending(info, input), PAIRING_FIELDS,
    )  # fmt: skip


async def pair_member_with_building(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "pairMemberWithBuilding", pairings.PairMemberWithBuilding, pairings.pair_member_with_building,
        {"member_id": "Person", "building_id": "Building"}, starting(info, input), BUILDING_PAIRING_FIELDS,
    )  # fmt: skip


async def end_building_pairing(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "endBuildingPairing", pairings.EndBuildingPairing, pairings.end_building_pairing,
        {"member_id": "Person", "building_id": "Building"}, ending(info, input), BUILDING_PAIRING_FIELDS,
    )  # fmt: skip


async def pair_unit_with_area(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "pairUnitWithArea", pairings.PairUnitWithArea, pairings.pair_unit_with_area,
        {"unit_id": "Unit", "area_id": "Area"}, starting(info, input), UNIT_PAIRING_FIELDS,
    )  # fmt: skip


async def end_unit_pairing(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "endUnitPairing", pairings.EndUnitPairing, pairings.end_unit_pairing,
        {"unit_id": "Unit", "area_id": "Area"}, ending(info, input), UNIT_PAIRING_FIELDS,
    )  # fmt: skip


async def attach_team_to_compound(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "attachTeamToCompound", pairings.AttachTeamToCompound, pairings.attach_team_to_compound,
        {"team_id": "VolunteerTeam", "compound_id": "Compound"}, starting(info, input), TEAM_SERVICE_FIELDS,
    )  # fmt: skip


async def detach_team_from_compound(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "detachTeamFromCompound", pairings.DetachTeamFromCompound, pairings.detach_team_from_compound,
        {"team_id": "VolunteerTeam", "compound_id": "Compound"}, ending(info, input), TEAM_SERVICE_FIELDS,
    )  # fmt: skip


async def report_to_grid(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "reportToGrid", pairings.ReportToGrid, pairings.report_to_grid,
        {"member_id": "Person", "grid_id": "Grid"}, {**starting(info, input), "reason": input.reason},
        GRID_REPORT_FIELDS,
    )  # fmt: skip


async def end_grid_report(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "endGridReport", pairings.EndGridReport, pairings.end_grid_report,
        {"member_id": "Person", "grid_id": "Grid"}, ending(info, input), GRID_REPORT_FIELDS,
    )  # fmt: skip
