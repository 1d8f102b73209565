"""The analyses: coverage counts, what is not covered, and how far each compound is from the five haves (五有).

Each analysis is one catalogued query (``graph/queries/coverage/``) over the territory a ``scope`` argument
names, resolved through :func:`resolvers.scopes.scope_argument` (so it never reaches past what the caller
may see). Coverage counts only the parts of the analysis the selection asks for (:data:`PARTS`), and takes
the households' counts from the coverage aggregate (:mod:`graph.aggregate`) where it can answer: any day,
for the county, a street, community or grid, in a few hundred rows; for the whole county, every count. The
business rules' thresholds come from :mod:`graph.rules` as query parameters. The nested ``Grid.coverage`` and
``Compound.fiveHaves`` go through the per-request loaders: one query for all the grids, or all the compounds,
a request asks about.

These functions return rows; ``schema/coverage.py`` turns them into GraphQL types.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from api.errors import Forbidden
from api.node import connection, decode_cursor, page_size
from graph import aggregate
from graph import scope as scopes
from graph.rules import FIVE_HAVES_FIGURES, FIVE_HAVES_KEYS, FORCES_MIN_COVERED_SHARE, resources_window_start, share
from resolvers.scopes import scope_argument

Row = dict[str, Any]


def rule_params(day: date) -> dict[str, Any]:
    """The day and the thresholds every five-haves query takes (graph/rules.py, not retyped in Cypher)."""
    return {"asOf": day, "minCoveredShare": FORCES_MIN_COVERED_SHARE, "windowStart": resources_window_start(day)}


def _scope_row(scope: scopes.Scope) -> Row:
    """A scope as ``get_coverage`` takes it: the territory roots, and the unit when it is a unit's scope."""
    return {"key": scope.code, "roots": list(scope.roots), "unit": scope.code if scope.kind == "Unit" else None}


def _is_county(scope: scopes.Scope) -> bool:
    # The whole county (a viewer limited to part of it gets kind "Viewer"): every node counts, no walk needed.
    return scope.kind == "County"


# ---------------------------------------------------------------- coverage

PARTS: dict[str, str] = {
    **dict.fromkeys(
        ("households", "coveredHouseholds", "coveredDirectly", "coveredViaBuilding", "specialGroupResidents",
         "uncoveredSpecialGroupResidents", "suppressed"),
        "households",
    ),
    "buildings": "buildings",
    "buildingsWithLeader": "buildings",
    "threeNoCompounds": "compounds",
    "threeNoCompoundsWithPartyOrganization": "compounds",
    "fiveHavesCompounds": "compounds",
    "grids": "grids",
    "gridsWithUnit": "grids",
    "units": "units",
    "pairedUnits": "units",
    "cadres": "cadres",
    "pairedCadres": "cadres",
    "cadresInGrid": "cadres",
    "volunteerTeams": "teams",
}  # fmt: skip
"""Which part of the coverage queries (their ``$parts``) each ``Coverage`` field needs."""

COVERAGE_COUNTS = (
    "households", "coveredHouseholds", "coveredDirectly", "coveredViaBuilding", "specialGroupResidents",
    "uncoveredSpecialGroupResidents", "buildings", "buildingsWithLeader", "threeNoCompounds",
    "threeNoCompoundsWithPartyOrganization", "fiveHavesCompounds", "grids", "gridsWithUnit", "units", "pairedUnits",
    "cadres", "pairedCadres", "volunteerTeams",
)  # fmt: skip
"""Every count of ``Coverage``, as the queries name them."""


def _selected(info: Info) -> set[str]:
    """The names of the fields selected under the resolved field (through fragments)."""
    names: set[str] = set()

    def walk(selections: list[Any]) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                names.add(selection.name)
            else:  # a fragment spread or an inline fragment
                walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return names


def asked_parts(info: Info) -> frozenset[str]:
    """The parts of the coverage analysis the field's selection asks for."""
    return frozenset(PARTS[name] for name in _selected(info) if name in PARTS)


async def _coverage_rows(info: Info, found: list[scopes.Scope], day: date, parts: frozenset[str]) -> list[Row]:
    """Each scope's coverage counts on ``day``: the households' from the aggregate where it answers for every
    scope, the other parts asked for (and the households' otherwise) from one analysis query, the two at once;
    0 for the parts not asked for."""
    ctx = info.context
    rows: list[Row] = [{"key": s.code, **dict.fromkeys(COVERAGE_COUNTS, 0)} for s in found]
    scope_rows = [_scope_row(s) for s in found]

    async def analysis(counted: set[str]) -> None:
        if not counted:
            return
        params = {**rule_params(day), "parts": sorted(counted)}
        if len(found) == 1 and _is_county(found[0]):
            counts = [await ctx.read_one("coverage/get_county_coverage", params) or {}]
        else:
            counts = await ctx.read("coverage/get_coverage", {**params, "scopes": scope_rows})
        for row, c in zip(rows, counts, strict=True):
            row.update({k: c[k] for k in COVERAGE_COUNTS if PARTS[k] in counted})

    async def aggregated() -> bool:
        kept = await ctx.read("aggregate/get_coverage", {"scopes": scope_rows, "asOf": day})
        if len(kept) != len(found) or not all(k["exact"] for k in kept):
            return False
        for row, k in zip(rows, kept, strict=True):
            row.update({name: k[name] for name in COVERAGE_COUNTS if name in k})
        return True

    if parts and len(found) == 1 and _is_county(found[0]):
        # The whole county: every count from the aggregate in one query, whatever the day (graph/aggregate.py).
        kept = await ctx.read_one("aggregate/get_county_coverage", {"asOf": day, "version": aggregate.VERSION})
        if kept is not None and kept["exact"]:
            rows[0].update({name: kept[name] for name in COVERAGE_COUNTS})
            return rows
    others = set(parts) - {"households"}
    if "households" not in parts:
        await analysis(others)
    else:
        exact, _ = await asyncio.gather(aggregated(), analysis(others))
        if not exact:  # not built yet, or a scope below a grid: from the pairings
            await analysis({"households"})
    return rows


async def coverage(info: Info, scope: strawberry.ID | None, as_of: date | None) -> Row:
    ctx = info.context
    day = ctx.day(as_of)
    found = await scope_argument(info, scope, as_of, analysis=True)
    return (await _coverage_rows(info, [found], day, asked_parts(info)))[0]


async def territory_coverage(info: Info, label: str, code: str, as_of: date | None) -> Row:
    """One grid's (or community's) coverage; those of a request are counted together in one query."""
    ctx = info.context
    day = ctx.day(as_of)
    parts = asked_parts(info)

    if not ctx.viewer.counts_territory:
        raise Forbidden(f"a {ctx.viewer.role.value} may not ask for counts over territory")

    async def load(codes: list[str]) -> list[Row]:
        if ctx.viewer.sees_everything or label == "Grid":
            # A grid a territory role can see lies wholly inside its territory (roles cover grids or more).
            found = [scopes.Scope(label, code, (code,)) for code in codes]
        else:
            # A street or community it sees may lie above its territory: the part inside it is counted.
            found = await asyncio.gather(*(_within_viewer(info, label, code, day) for code in codes))
        rows = await _coverage_rows(info, list(found), day, parts)
        by_key = {r["key"]: r for r in rows}
        return [by_key[code] for code in codes]

    return await ctx.loaders.batch(("coverage/territory", label, day, parts), load).load(code)


async def _within_viewer(info: Info, label: str, code: str, day: date) -> scopes.Scope:
    """The part of a street or community a limited viewer may see; nothing (all counts 0) when it lies outside."""
    ctx = info.context
    try:
        return await scopes.resolve_scope(ctx.graph, ctx.viewer, label, code, day, analysis=True)
    except scopes.ScopeNotFound:
        return scopes.Scope(label, code, ())


# ---------------------------------------------------------------- the five haves


async def five_haves(info: Info, compound: str, as_of: date | None) -> Row:
    """One compound's five-haves facts; the compounds of a request are judged together in one query."""
    ctx = info.context
    day = ctx.day(as_of)

    async def load(codes: list[str]) -> list[Row]:
        rows = await ctx.read("coverage/get_five_haves", {**rule_params(day), "codes": codes})
        by_code = {r["code"]: r for r in rows}
        return [by_code[code] for code in codes]

    return await ctx.loaders.batch(("coverage/five_haves", day), load).load(compound)


def evidence(row: Row) -> dict[str, str]:
    """Each criterion's evidence: a short English sentence naming the facts (codes, never names)."""
    return {
        "PARTY_ORGANIZATION": _party_evidence(row),
        "FORCES": _forces_evidence(row),
        "VENUE": _venue_evidence(row),
        "RESOURCES": _resources_evidence(row),
        "MECHANISM": _mechanism_evidence(row),
    }


_ORGANIZATION = {"COMPOUND_BRANCH": ("compound branch", "secretary"), "AREA_GROUP": ("area group", "group leader")}


def _party_evidence(row: Row) -> str:
    organizations = sorted(row["organizations"], key=lambda o: (o["kind"] != "COMPOUND_BRANCH", o["code"]))
    if not organizations:
        return f"no compound branch answers for it and no area group for area {row['area']}"
    parts = []
    for o in organizations:
        what, leader = _ORGANIZATION[o["kind"]]
        where = "" if o["kind"] == "COMPOUND_BRANCH" else f" of area {o['of']}"
        held = f"{leader} since {o['leaderSince']}" if o["leaderSince"] else f"no {leader}"
        parts.append(f"{what} {o['code']}{where} ({held})")
    return "; ".join(parts)


def _forces_evidence(row: Row) -> str:
    buildings, led = row["buildings"], row["ledBuildings"]
    households, covered = row["households"], row["coveredHouseholds"]
    if buildings == 0:
        return "no buildings"
    leaders = f"{led} of {buildings} buildings have a leader"
    if row["leaderless"]:
        leaders += f" (none in {', '.join(row['leaderless'])})"
    if households == 0:
        return f"{leaders}; no households"
    part = covered / households
    needs = "" if part >= FORCES_MIN_COVERED_SHARE else f" (needs {FORCES_MIN_COVERED_SHARE:.0%})"
    via = row["coveredOnlyViaBuilding"]
    through = f", {via} of them only through their building's cadre" if via else ""
    # Rounded down, so that 89.6% never reads as the 90% it falls short of.
    return f"{leaders}; {int(part * 100)}% of {households} households covered{needs}{through}"


def _venue_evidence(row: Row) -> str:
    if not row["venues"]:
        return f"no venue serves it or grid {row['grid']}"
    return "; ".join(f"venue {v['code']} serves {_it(row, v['serves'])}" for v in row["venues"])


def _resources_evidence(row: Row) -> str:
    facts = [f"unit {u} paired with area {row['area']}" for u in row["units"]]
    facts += [f"grant {g['code']} to {g['to']} on {g['on']}" for g in row["grants"]]
    facts += [f"micro-project {p['code']} at {_it(row, p['at'])} since {p['startedOn']}" for p in row["projects"]]
    if not facts:
        return f"no unit paired with area {row['area']}; no grant or micro-project after {row['windowStart']}"
    return "; ".join(facts)


def _mechanism_evidence(row: Row) -> str:
    bodies = [f"self-governance body {b} serves it" for b in row["bodies"]] or ["no self-governance body serves it"]
    platforms = [f"deliberation platform {p['code']} serves {_it(row, p['serves'])}" for p in row["platforms"]]
    return "; ".join(bodies + (platforms or [f"no deliberation platform serves it or grid {row['grid']}"]))


def _it(row: Row, code: str) -> str:
    """The compound as "it", its grid or area by code."""
    if code == row["code"]:
        return "it"
    return f"grid {code}" if code == row["grid"] else f"area {code}"


def figure_values(row: Row) -> dict[str, float]:
    """The values of the five haves' figures (graph.rules.FIVE_HAVES_FIGURES) from a compound's facts."""

    def distinct(items: list[Row]) -> int:
        return len({i["code"] for i in items})

    return {
        "organizationsWithLeader": sum(1 for o in row["organizations"] if o["leaderSince"] is not None),
        "coveredShare": share(row["coveredHouseholds"], row["households"]),
        "ledBuildingShare": share(row["ledBuildings"], row["buildings"]),
        "venues": distinct(row["venues"]),
        "resources": len(row["units"]) + distinct(row["grants"]) + distinct(row["projects"]),
        "selfGovernanceBodies": len(row["bodies"]),
        "deliberationPlatforms": distinct(row["platforms"]),
    }


def criteria(row: Row) -> list[tuple[str, bool, str, list[tuple[str, float, float]]]]:
    """``(key, met, evidence, [(figure, value, threshold), ...])`` for each of the five haves, in the rules'
    order; ``met`` is the query's."""
    said = evidence(row)
    values = figure_values(row)
    return [
        (key, bool(row["met"][key]), said[key], [(name, values[name], t) for name, t in FIVE_HAVES_FIGURES[key]])
        for key in FIVE_HAVES_KEYS
    ]


# ---------------------------------------------------------------- lists of what is missing


def uncovered_page(after: str | None, special_only: bool, special_first: bool) -> dict[str, Any]:
    """The page parameters of the uncovered-household queries: from which code each part (special-group
    households, the rest) continues (``None``: that part is not listed, or is done), and each part's key prefix.

    Keys are codes; with special-group households first, ``0`` + code for those and ``1`` + code for the rest.
    """
    key = after or ""
    if special_only:
        return {"afterSpecial": key, "afterRest": None, "specialPrefix": "", "restPrefix": "",
                "restWithoutSpecial": False}  # fmt: skip
    if not special_first:
        return {"afterSpecial": None, "afterRest": key, "specialPrefix": "", "restPrefix": "",
                "restWithoutSpecial": False}  # fmt: skip
    in_rest = key.startswith("1")
    return {
        "afterSpecial": None if in_rest else key[1:],
        "afterRest": key[1:] if in_rest else "",
        "specialPrefix": "0",
        "restPrefix": "1",
        "restWithoutSpecial": True,
    }


async def uncovered_households(
    info: Info,
    scope: strawberry.ID | None,
    special_groups_only: bool | None,
    special_groups_first: bool,
    first: int | None,
    after: str | None,
    as_of: date | None,
) -> Any:
    ctx = info.context
    if special_groups_only and not ctx.viewer.sees_personal_data:
        raise Forbidden(
            "specialGroupsOnly lists households by their residents' special-group status, which your role may "
            "not see; coverage(...) gives the counts"
        )
    if special_groups_first and not ctx.viewer.sees_personal_data:
        raise Forbidden(
            "specialGroupsFirst orders households by their residents' special-group status, which your role may "
            "not see; coverage(...) gives the counts"
        )
    size, key = page_size(first), decode_cursor(after)
    found = await scope_argument(info, scope, as_of, analysis=True)
    day = ctx.day(as_of)
    county = _is_county(found)
    params = {
        "roots": list(found.roots),
        "asOf": day,
        "first": size + 1,
        **uncovered_page(key, bool(special_groups_only), special_groups_first),
    }
    page = "coverage/page_county_uncovered_households" if county else "coverage/page_uncovered_households"
    # A request for the count alone (totalCount) lists nothing.
    wants_rows = bool(_selected(info) & {"edges", "nodes", "pageInfo"})
    rows = [r["node"] for r in await ctx.read(page, params)] if wants_rows else []
    if special_groups_only:  # the list says these households have special-group residents
        for row in rows[:size]:
            ctx.access.record("specialGroupsOnly", row["code"])
    elif special_groups_first:  # the first part of the list says so
        for row in rows[:size]:
            if row["_key"].startswith("0"):
                ctx.access.record("specialGroupsFirst", row["code"])

    async def count() -> int:
        aggregated = await ctx.read_one("aggregate/get_coverage", {"scopes": [_scope_row(found)], "asOf": day})
        if aggregated is not None and aggregated["exact"]:
            if special_groups_only:
                return int(aggregated["uncoveredSpecialGroupHouseholds"])
            return int(aggregated["households"] - aggregated["coveredHouseholds"])
        total = "coverage/count_county_uncovered_households" if county else "coverage/count_uncovered_households"
        counted = {"roots": list(found.roots), "asOf": day, "specialGroupsOnly": bool(special_groups_only)}
        row = await ctx.read_one(total, counted)
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_key")


async def compounds(
    info: Info,
    scope: strawberry.ID | None,
    kind: str | None,
    stage: str | None,
    first: int | None,
    after: str | None,
    as_of: date | None,
) -> Any:
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    found = await scope_argument(info, scope, as_of, analysis=True)
    params = {
        **rule_params(ctx.day(as_of)),
        "roots": list(found.roots),
        "kind": kind,
        "stage": stage,
        "after": key or "",
        "first": size + 1,
    }
    rows = [r["node"] for r in await ctx.read("coverage/page_compounds", params)]

    async def count() -> int:
        row = await ctx.read_one("coverage/count_compounds", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)


async def buildings_without_leader(
    info: Info, scope: strawberry.ID | None, as_of: date | None, first: int | None, after: str | None
) -> Any:
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    found = await scope_argument(info, scope, as_of, analysis=True)
    params = {"roots": list(found.roots), "asOf": ctx.day(as_of), "after": key or "", "first": size + 1}
    rows = [r["node"] for r in await ctx.read("coverage/page_buildings_without_leader", params)]

    async def count() -> int:
        row = await ctx.read_one("coverage/count_buildings_without_leader", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)


async def vacant_posts(info: Info, scope: strawberry.ID | None, role: str | None, as_of: date | None) -> list[Row]:
    ctx = info.context
    found = await scope_argument(info, scope, as_of, analysis=True)
    params = {"roots": list(found.roots), "county": _is_county(found), "role": role, "asOf": ctx.day(as_of)}
    return await ctx.read("coverage/get_vacant_posts", params)


async def areas_without_unit(info: Info, scope: strawberry.ID | None, as_of: date | None) -> list[Row]:
    ctx = info.context
    found = await scope_argument(info, scope, as_of, analysis=True)
    params = {"roots": list(found.roots), "asOf": ctx.day(as_of)}
    return [r["node"] for r in await ctx.read("coverage/get_areas_without_unit", params)]


async def compounds_without_party_organization(
    info: Info, scope: strawberry.ID | None, kind: str | None, as_of: date | None
) -> list[Row]:
    ctx = info.context
    found = await scope_argument(info, scope, as_of, analysis=True)
    params = {"roots": list(found.roots), "kind": kind, "asOf": ctx.day(as_of)}
    return [r["node"] for r in await ctx.read("coverage/get_compounds_without_party_organization", params)]
