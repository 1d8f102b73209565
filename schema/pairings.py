"""Pairing changes: a Party member with a household (联户) or a building (包楼栋), a unit with an area (包片),
a volunteer team with a compound it serves, and a cadre reporting in to a grid (报到). Ending any of them
sets the day it ends and keeps the record: every past day can still be asked about (``asOf``)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.errors import UserError
from api.node import to_node
from graph.pairings import PAIRS, Pair
from graph.relationships import AREA, BUILDING, COMPOUND, HOUSEHOLD, PERSON, TEAM, UNIT
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
class GridReportPayload:
    member: PersonT | None = None
    grid: GridT | None = None
    user_errors: list[UserError]


# ---------------------------------------------------------------- the plain pairings, from graph.pairings.PAIRS

SIDE_TYPES: dict[str, Any] = {
    PERSON: PersonT,
    HOUSEHOLD: HouseholdT,
    BUILDING: BuildingT,
    UNIT: UnitT,
    AREA: AreaT,
    TEAM: TeamT,
    COMPOUND: CompoundT,
}
"""A side's label → the type its payload field returns."""


@dataclass(frozen=True)
class PairTexts:
    """What the API says about one plain pairing's mutations (the rest comes from its declaration)."""

    payload: str
    start: str | None
    end: str
    since: str = SINCE
    until: str = UNTIL
    reason: str | None = REASON


TEXTS = {
    "pairMemberWithHousehold": PairTexts(
        "PairingPayload",
        None,
        "Ends a pairing; the history is kept.",
        since="The first day of the pairing (default: today).",
        until="The first day the pairing no longer holds (default: today).",
        reason=None,
    ),
    "pairMemberWithBuilding": PairTexts(
        "BuildingPairingPayload",
        "包楼栋: pairs a Party member with a whole building.",
        "Ends a member's pairing with a building; the history is kept.",
    ),
    "pairUnitWithArea": PairTexts(
        "UnitPairingPayload",
        "包片: pairs a co-building unit with an area.",
        "Ends a unit's pairing with an area; the history is kept.",
    ),
    "attachTeamToCompound": PairTexts(
        "TeamServicePayload",
        "A volunteer team starts serving a compound.",
        "A volunteer team stops serving a compound; the history is kept.",
    ),
}
"""By start mutation, for each of ``graph.pairings.PAIRS``."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _class(name: str, fields: list[tuple[str, Any, Any]]) -> type:
    """A class with the annotated fields ``(name, type, default)`` in order (``...``: no default)."""
    namespace: dict[str, Any] = {"__annotations__": {field: kind for field, kind, _ in fields}}
    namespace |= {field: default for field, _, default in fields if default is not ...}
    return type(name, (), namespace)


def _ids(pair: Pair) -> list[tuple[str, Any, Any]]:
    return [(f"{side.name}_id", strawberry.ID, ...) for side in (pair.source, pair.target)]


def _key() -> tuple[str, Any, Any]:
    return ("idempotency_key", str | None, strawberry.field(default=None, description=IDEMPOTENCY))


def _mutation(resolve: Any, input: type, payload: type, description: str | None) -> Any:
    async def mutate(info: strawberry.Info, input: Any) -> Any:
        return payload(**await resolve(info, input))

    # The input and payload types are made when the module loads, one per pairing: so the annotations are set.
    mutate.__annotations__ = {"info": strawberry.Info, "input": input, "return": payload}
    return strawberry.mutation(resolver=mutate, description=description)


def _plain(pair: Pair) -> dict[str, Any]:
    """The start and end mutations of a plain pairing, with their inputs and their payload."""
    texts = TEXTS[pair.start]
    payload = strawberry.type(
        _class(
            texts.payload,
            [(side.name, SIDE_TYPES[side.label] | None, None) for side in (pair.source, pair.target)]
            + [("user_errors", list[UserError], ...)],
        )
    )
    start_input = strawberry.input(
        _class(
            f"{pair.start_command.__name__}Input",
            [*_ids(pair), ("since", date | None, strawberry.field(default=None, description=texts.since)), _key()],
        )
    )
    end_input = strawberry.input(
        _class(
            f"{pair.end_command.__name__}Input",
            [
                *_ids(pair),
                ("until", date | None, strawberry.field(default=None, description=texts.until)),
                ("reason", str | None, strawberry.field(default=None, description=texts.reason)),
                _key(),
            ],
        )
    )
    return {
        _snake(pair.start): _mutation(pairings.start(pair), start_input, payload, texts.start),
        _snake(pair.end): _mutation(pairings.end(pair), end_input, payload, texts.end),
    }


async def _report_to_grid(info: strawberry.Info, input: ReportToGridInput) -> GridReportPayload:
    return GridReportPayload(**await pairings.report_to_grid(info, input))


async def _end_grid_report(info: strawberry.Info, input: EndGridReportInput) -> GridReportPayload:
    return GridReportPayload(**await pairings.end_grid_report(info, input))


PairingsMutation = strawberry.type(
    type(
        "PairingsMutation",
        (),
        {
            **{name: field for pair in PAIRS for name, field in _plain(pair).items()},
            "report_to_grid": strawberry.mutation(
                resolver=_report_to_grid,
                description="报到: an in-service Party member reports in to a grid. A cadre is in one grid at a time: "
                "a report to another grid ends the day this one begins.",
            ),
            "end_grid_report": strawberry.mutation(
                resolver=_end_grid_report, description="Ends a member's report to a grid; the history is kept."
            ),
        },
    )
)
