"""The coverage aggregate: each grid's coverage counts as a step function of the day, kept beside the pairings.

Judging every household on a day costs a county-wide walk (1.2 s at scale 10). The aggregate keeps, per
grid, one ``CoverageStep`` node (bookkeeping, not an ``Entity``) for each day on which the grid's counts
change, holding the counts from that day on (:data:`COUNTS`), and one at :data:`ORIGIN` for the counts
before any pairing. Any day's counts for a scope at or above grids (the county, a street, community, grid)
are then, per grid under it, its last step on or before the day (one index seek on the ``(grid, day)``
constraint), summed: a few hundred rows whatever the day and however large the county.

The counts follow the coverage rule of :mod:`graph.rules` (:func:`graph.rules.holds`,
:func:`graph.rules.covered`); the Cypher fragments ``coverage/_building_coverage`` and
``coverage/_household_coverage`` are the same rule, and ``./dev coverage check`` (and the tests) hold the
two to each other on many days and scopes.

**Keeping it.** Whatever changes who is paired with a household or building (or which households,
residents or buildings a grid has) calls :func:`refresh` with the codes it touched, inside its own
transaction, after its writes: ``await aggregate.refresh(tx, [household_or_building_codes...])``. It
locks the grids those codes lie in (in code order, so two writers never deadlock on them), recomputes
their step functions from the graph as the transaction sees it, and writes the steps that differ, so
the aggregate commits or rolls back with the change. :func:`graph.changes.apply` calls it for every
change whose :class:`~graph.changes.Change` lists ``coverage`` codes (the pairing mutations do); a writer
outside ``apply`` (a batch import) calls it once per transaction with every code of its batch.

**Building it.** :func:`rebuild` recomputes every grid (``./dev coverage rebuild``; the seed loader
runs it after a load) and then writes the ``CoverageAggregate`` marker. Until the marker exists, reads
answer from the pairings and :func:`refresh` does nothing, so a database loaded before the aggregate
existed stays right. :func:`drift` compares what is stored with a fresh computation (``./dev coverage
check`` also compares the answers with the brute-force Cypher on random days). A change made to the
graph behind the API's back (raw Cypher, a restored backup) needs a rebuild.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import neo4j

from graph.driver import Graph, run
from graph.rules import FORCES_MIN_COVERED_SHARE, covered, holds, resources_window_start

ORIGIN = date(1, 1, 1)
"""The day of each grid's first step: the counts before any pairing began."""

COUNTS = (
    "households",
    "coveredHouseholds",
    "coveredDirectly",
    "coveredViaBuilding",
    "specialGroupResidents",
    "uncoveredSpecialGroupResidents",
    "specialGroupHouseholds",
    "uncoveredSpecialGroupHouseholds",
)
"""What each step holds: the ``Coverage`` counts of households (as ``schema/coverage.py`` names them), and
the households with a special-group resident, all of them and those uncovered (the uncovered list's count)."""

REBUILD_BATCH = 25
"""Grids recomputed per transaction by :func:`rebuild`."""

Vector = tuple[int, ...]
Steps = dict[date, Vector]
"""A grid's step function: the day each step begins → the counts from that day on."""


# ---------------------------------------------------------------- computing step functions (pure)


def _household_vector(special: int, direct: bool, via: bool) -> Vector:
    union = covered(direct, via)
    has_special = 1 if special else 0
    return (
        1,
        int(union),
        int(direct),
        int(via),
        special,
        0 if union else special,
        has_special,
        0 if union else has_special,
    )


def _holds_any(pairings: list[list[date | None]], day: date) -> bool:
    return any(holds(start, end, day) for start, end in pairings if start is not None)


def _bounds(pairings: list[list[date | None]]) -> set[date]:
    return {d for pair in pairings for d in pair if d is not None}


def steps(rows: Iterable[dict[str, Any]]) -> dict[str, Steps]:
    """Each grid's step function from :func:`_inputs` rows (one per building: its pairings, its households').

    Every household adds its own change of counts on the days its status can change (its pairings' and its
    building's bounds); summed per grid and day they give the grid's steps: :data:`ORIGIN`, then each day on
    which the counts differ from the day before.
    """
    deltas: dict[str, dict[date, list[int]]] = {}
    for row in rows:
        by_day = deltas.setdefault(row["grid"], {ORIGIN: [0] * len(COUNTS)})
        building = row["buildingPairings"]
        building_days = _bounds(building)
        for household in row["households"]:
            own = household["pairings"]
            before: Vector = (0,) * len(COUNTS)
            for day in sorted({ORIGIN} | building_days | _bounds(own)):
                now = _household_vector(household["special"], _holds_any(own, day), _holds_any(building, day))
                if now != before:
                    delta = by_day.setdefault(day, [0] * len(COUNTS))
                    for i, (a, b) in enumerate(zip(now, before, strict=True)):
                        delta[i] += a - b
                    before = now
    out: dict[str, Steps] = {}
    for grid, changes in deltas.items():
        total = [0] * len(COUNTS)
        function: Steps = {}
        for day in sorted(changes):
            delta = changes[day]
            if day != ORIGIN and not any(delta):
                continue
            total = [t + d for t, d in zip(total, delta, strict=True)]
            function[day] = tuple(total)
        out[grid] = function
    return out


def _as_rows(grid: str, function: Steps) -> list[dict[str, Any]]:
    return [{"grid": grid, "day": day, **dict(zip(COUNTS, counts, strict=True))} for day, counts in function.items()]


def _stored(rows: list[dict[str, Any]]) -> dict[str, Steps]:
    out: dict[str, Steps] = {}
    for r in rows:
        step = r["step"]
        out.setdefault(step["grid"], {})[step["day"]] = tuple(step.get(name, 0) for name in COUNTS)
    return out


# ---------------------------------------------------------------- keeping it (inside a writer's transaction)


async def _inputs(tx: neo4j.AsyncManagedTransaction, grids: list[str]) -> dict[str, Steps]:
    computed = steps(await run(tx, "aggregate/get_grid_pairings", {"grids": grids}))
    # A grid without households still has its first step (all zeros): every grid has one to lock.
    return {grid: computed.get(grid, {ORIGIN: (0,) * len(COUNTS)}) for grid in grids}


async def _write(tx: neo4j.AsyncManagedTransaction, fresh: dict[str, Steps], old: dict[str, Steps]) -> int:
    """Write the steps of ``fresh`` that differ from ``old``, delete those it no longer has; how many changed."""
    changed: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    for grid, function in fresh.items():
        before = old.get(grid, {})
        changed += [r for r in _as_rows(grid, function) if before.get(r["day"]) != function[r["day"]]]
        gone += [{"grid": grid, "day": day} for day in before if day not in function]
    if gone:
        await run(tx, "aggregate/delete_steps", {"changedSteps": gone, "gridsGone": [], "origin": ORIGIN})
    if changed:
        await run(tx, "aggregate/merge_steps", {"changedSteps": changed})
    return len(changed) + len(gone)


async def refresh(tx: neo4j.AsyncManagedTransaction, codes: Iterable[str]) -> int:
    """The hook: call it inside the transaction that changed the pairings (or households, residents,
    buildings) of ``codes`` (households, buildings, compounds, areas or grids), after the change.

    Recomputes the step functions of the grids they lie in and writes the steps that differ, so that the
    aggregate commits with the change. Does nothing until the aggregate is built (:func:`rebuild`).
    Returns how many steps it wrote or deleted.
    """
    wanted = sorted(set(codes))
    if not wanted:
        return 0
    grids = [r["grid"] for r in await run(tx, "aggregate/get_grids_of", {"codes": wanted})]
    if not grids:
        return 0
    lock = (await run(tx, "aggregate/lock_grids", {"grids": grids, "origin": ORIGIN}))[0]
    if not lock["built"]:
        return 0
    missing = [g for g in grids if g not in set(lock["locked"])]
    if missing:  # a grid new since the build: its first step, under the constraint's lock
        zeros = dict(zip(COUNTS, (0,) * len(COUNTS), strict=True))
        await run(tx, "aggregate/merge_steps", {"changedSteps": [{"grid": g, "day": ORIGIN, **zeros} for g in missing]})
        await run(tx, "aggregate/lock_grids", {"grids": missing, "origin": ORIGIN})
    old = _stored(await run(tx, "aggregate/get_steps", {"grids": grids, "origin": ORIGIN}))
    return await _write(tx, await _inputs(tx, grids), old)


# ---------------------------------------------------------------- building and checking it


async def _all_grids(graph: Graph) -> tuple[list[str], list[str]]:
    row = await graph.read_one("aggregate/get_step_grids", {"origin": ORIGIN})
    grids = sorted(row["grids"]) if row else []
    stepped = set(row["stepped"]) if row else set()
    return grids, sorted(stepped - set(grids))


async def rebuild(graph: Graph, batch: int = REBUILD_BATCH) -> int:
    """Recompute every grid's steps from scratch (writing only those that differ), drop the steps of grids
    no longer in the graph, and mark the aggregate built. Returns how many steps it wrote or deleted.

    Each batch of grids is its own transaction and takes the grids' locks like :func:`refresh`, so a
    rebuild can run beside the API's writes.
    """
    # Writers keep every grid from now on, before the first is computed: none of their changes falls
    # between a grid's computation and the marker. Reads trust the aggregate once it is ready.
    await graph.write("aggregate/merge_marker", {"ready": False})
    grids, gone = await _all_grids(graph)
    written = 0
    for start in range(0, len(grids), batch):
        chunk = grids[start : start + batch]

        async def work(tx: neo4j.AsyncManagedTransaction, chunk: list[str] = chunk) -> int:
            await run(tx, "aggregate/lock_grids", {"grids": chunk, "origin": ORIGIN})
            old = _stored(await run(tx, "aggregate/get_steps", {"grids": chunk, "origin": ORIGIN}))
            return await _write(tx, await _inputs(tx, chunk), old)

        written += await graph.transaction(work)
    if gone:
        await graph.write("aggregate/delete_steps", {"changedSteps": [], "gridsGone": gone, "origin": ORIGIN})
    await graph.write("aggregate/merge_marker", {"ready": True})
    return written


async def is_built(graph: Graph) -> bool:
    """Whether the aggregate has been built (reads trust it, and every writer keeps it)."""
    row = await graph.read_one("aggregate/get_marker")
    return bool(row and row["ready"])


async def drift(graph: Graph) -> list[str]:
    """The grids whose stored steps differ from a fresh computation (none when the writers kept it)."""
    grids, gone = await _all_grids(graph)
    differing = list(gone)
    for start in range(0, len(grids), REBUILD_BATCH):
        chunk = grids[start : start + REBUILD_BATCH]

        async def work(tx: neo4j.AsyncManagedTransaction, chunk: list[str] = chunk) -> list[str]:
            old = _stored(await run(tx, "aggregate/get_steps", {"grids": chunk, "origin": ORIGIN}))
            fresh = await _inputs(tx, chunk)
            return [g for g in chunk if old.get(g) != fresh[g]]

        differing += await graph.transaction(work)
    return sorted(differing)


async def counts(graph: Graph, scopes: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """Each scope's (``{key, roots}``) counts on ``day`` from the aggregate; ``exact`` false when it cannot
    answer (not built, or a root below a grid) and the caller must count from the pairings."""
    return await graph.read("aggregate/get_coverage", {"scopes": scopes, "asOf": day})


def random_days(rng: random.Random, first: date, last: date, n: int) -> list[date]:
    """``n`` days from ``first`` to ``last`` (both included), for checks."""
    span = (last - first).days
    return sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(n))


async def compare(graph: Graph, days: list[date], scopes: list[str]) -> list[dict[str, Any]]:
    """The aggregate's answers against the brute-force Cypher (``coverage/get_coverage``, which judges every
    household by the rule's fragments, and ``coverage/count_uncovered_households``) for each day and scope
    code; the differences (none when they agree)."""
    from graph.scope import Viewer

    rows = [{"key": code, "roots": [code], "unit": None} for code in scopes]
    everything = Viewer.county().cypher()
    differences: list[dict[str, Any]] = []
    for day in days:
        kept = {r["key"]: r for r in await counts(graph, rows, day)}
        rules = {"minCoveredShare": FORCES_MIN_COVERED_SHARE, "windowStart": resources_window_start(day)}
        params = {"scopes": rows, "asOf": day, "parts": ["households"], **rules}
        brute = await graph.read("coverage/get_coverage", params)
        for b in brute:
            a = kept[b["key"]]
            special = await graph.read_one(
                "coverage/count_uncovered_households",
                {"roots": [b["key"]], "asOf": day, "specialGroupsOnly": True, "scope": everything},
            )
            expected = {k: b[k] for k in COUNTS[:6]}
            expected["uncoveredSpecialGroupHouseholds"] = special["value"] if special else 0
            got = {k: a[k] for k in expected}
            if not a["exact"] or got != expected:
                differences.append({"day": day, "scope": b["key"], "aggregate": got, "bruteForce": expected})
    return differences


async def check(graph: Graph, n_days: int = 20, n_scopes: int = 10, seed: int | None = None) -> list[dict[str, Any]]:
    """:func:`drift`, then :func:`compare` on ``n_days`` random days (from the first pairing to a year from
    now) and the county plus ``n_scopes`` random streets, communities and grids. Returns the problems."""
    rng = random.Random(seed)
    problems: list[dict[str, Any]] = [{"drift": grid} for grid in await drift(graph)]
    codes = await graph.read("aggregate/get_territory_codes")
    county = [r["code"] for r in codes if r["level"] == "County"]
    others = [r["code"] for r in codes if r["level"] != "County"]
    scopes = county + rng.sample(others, min(n_scopes, len(others)))
    span = await graph.read_one("aggregate/get_pairing_span")
    first = span["first"] if span and span["first"] else date.today()
    last = max(span["last"] if span and span["last"] else first, date.today()) + timedelta(days=365)
    return problems + await compare(graph, random_days(rng, first - timedelta(days=30), last, n_days), scopes)
