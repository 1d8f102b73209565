"""The coverage aggregate: each grid's coverage counts as a step function of the day, kept beside the pairings.

Judging every household on a day costs a county-wide walk (1.2 s at scale 10). The aggregate keeps, per
grid, one ``CoverageStep`` node (bookkeeping, not an ``Entity``) for each day on which the grid's counts
change, holding the counts from that day on (:data:`COUNTS`), and one at :data:`ORIGIN` for the counts
before any pairing. Any day's counts for a scope at or above grids (the county, a street, community, grid)
are then, per grid under it, its last step on or before the day (one index seek on the ``(grid, day)``
constraint), summed: a few hundred rows whatever the day and however large the county. Besides the
households' counts a step holds those of buildings, three-no compounds (their five-haves stage evaluated
day by day, :func:`steps`) and the grid itself. The county's counts of distinct cadres and units, which do
not sum over grids, are kept per entity and per day (:data:`SPAN_KINDS`), and the static counts come from
the count store: ``aggregate/get_county_coverage`` answers every count of the county in one query.

The counts follow the coverage rule of :mod:`graph.rules` (:func:`graph.rules.holds`,
:func:`graph.rules.covered`); the Cypher fragments ``coverage/_building_coverage`` and
``coverage/_household_coverage`` are the same rule, and ``./dev coverage check`` (and the tests) hold the
two to each other on many days and scopes.

**Keeping it.** Whatever changes who is paired with a household, building or area, who holds a post, a
grant's disbursement or a micro-project's dates (or which households, residents or buildings a grid has)
calls :func:`refresh` with the codes it touched, inside its own transaction, after its writes:
``await aggregate.refresh(tx, [codes...])``. It locks the grids those codes lie in (in code order, so two
writers never deadlock on them), recomputes their step functions from the graph as the transaction sees
it, and writes the steps that differ, then does the same for the spans of the persons and units among the
codes, adding their difference to the day-by-day changes, so the aggregate commits or rolls back with the
change. :func:`graph.changes.apply` calls it for every change whose :class:`~graph.changes.Change` lists
``coverage`` codes (pairings, posts, grants and micro-projects do); a writer outside ``apply`` (a batch
import) calls it once per transaction with every code of its batch.

**Building it.** :func:`rebuild` recomputes every grid and every span (``./dev coverage rebuild``; the seed
loader runs it after a load, and on a database built at an older :data:`VERSION`) and then writes the
``CoverageAggregate`` marker. Until the marker exists, reads
answer from the pairings and :func:`refresh` does nothing, so a database loaded before the aggregate
existed stays right. :func:`drift` compares what is stored with a fresh computation (``./dev coverage
check`` also compares the answers with the brute-force Cypher on random days). A change made to the
graph behind the API's back (raw Cypher, a restored backup) needs a rebuild.
"""

from __future__ import annotations

import bisect
import functools
import random
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import neo4j

from graph.driver import Graph, run
from graph.rules import FORCES_MIN_COVERED_SHARE, covered, holds, resources_window_start

ORIGIN = date(1, 1, 1)
"""The day of each grid's first step: the counts before any pairing began."""

FOREVER = date(9999, 12, 31)
"""The end a stored span gives an interval that has none (a list property holds no null)."""

VERSION = 2
"""What the aggregate holds: 1, the households' counts; 2, every count of the county's ``Coverage``. A database
built at an older version is rebuilt by the seed loader (:func:`is_built`), and reads do not trust it before."""

COUNTS = (
    "households",
    "coveredHouseholds",
    "coveredDirectly",
    "coveredViaBuilding",
    "specialGroupResidents",
    "uncoveredSpecialGroupResidents",
    "specialGroupHouseholds",
    "uncoveredSpecialGroupHouseholds",
    "buildingsWithLeader",
    "threeNoCompounds",
    "threeNoCompoundsWithPartyOrganization",
    "fiveHavesCompounds",
    "gridsWithUnit",
)
"""What each step holds: the ``Coverage`` counts of households (as ``schema/coverage.py`` names them), the
households with a special-group resident, all of them and those uncovered (the uncovered list's count), and
the counts of buildings, compounds and grids that sum over grids (led buildings, three-no compounds, those
with a Party organization and those at the five-haves stage, the grid itself when a unit is paired with one
of its areas)."""

SPAN_KINDS = ("cadres", "pairedCadres", "pairedUnits")
"""The county-wide counts of distinct entities, which do not sum over grids (a cadre paired in two grids counts
once): each entity keeps one ``CoverageSpan`` per kind, the merged days on which it counts (a cadre: from
:data:`ORIGIN` on; a paired cadre: while some pairing of it with a household or building holds; a paired unit:
while some pairing of it with an area holds), and each kind one ``CoverageDelta`` per day on which its count
changes, by how much. A day's count is the sum of its kind's changes up to the day: one range seek."""

PARTS = ["buildings", "cadres", "compounds", "grids", "households", "teams", "units"]
"""Every part of ``coverage/get_county_coverage`` (its ``$parts``), for the brute-force comparison."""

SPAN_BATCH = 500
"""Entities whose spans :func:`rebuild` recomputes per transaction."""

REBUILD_BATCH = 25
"""Grids recomputed per transaction by :func:`rebuild`."""

Vector = tuple[int, ...]
Steps = dict[date, Vector]
"""A grid's step function: the day each step begins → the counts from that day on."""


# ---------------------------------------------------------------- computing step functions (pure)


ZERO: Vector = (0,) * len(COUNTS)


def _vector(**counts: int) -> Vector:
    return tuple(counts.get(name, 0) for name in COUNTS)


def _household_vector(special: int, direct: bool, via: bool) -> Vector:
    union = covered(direct, via)
    has_special = 1 if special else 0
    return _vector(
        households=1,
        coveredHouseholds=int(union),
        coveredDirectly=int(direct),
        coveredViaBuilding=int(via),
        specialGroupResidents=special,
        uncoveredSpecialGroupResidents=0 if union else special,
        specialGroupHouseholds=has_special,
        uncoveredSpecialGroupHouseholds=0 if union else has_special,
    )


def _holds_any(pairings: list[list[date | None]], day: date) -> bool:
    return any(holds(start, end, day) for start, end in pairings if start is not None)


def _bounds(pairings: list[list[date | None]]) -> set[date]:
    return {d for pair in pairings for d in pair if d is not None}


def window_end(day: date) -> date:
    """The first day on which ``day`` has left the RESOURCES window (``resources_window_start`` reaches it)."""
    end = day + timedelta(days=360)
    while resources_window_start(end - timedelta(days=1)) >= day:
        end -= timedelta(days=1)
    while resources_window_start(end) < day:
        end += timedelta(days=1)
    return end


def _accumulate(by_day: dict[date, list[int]], days: Iterable[date], vector_on: Any) -> None:
    """Add to ``by_day`` the changes of one contributor whose counts on a day are ``vector_on(day)``, a step
    function that changes only on ``days``."""
    before: Vector = ZERO
    for day in sorted(set(days) | {ORIGIN}):
        now = vector_on(day)
        if now != before:
            delta = by_day.setdefault(day, [0] * len(COUNTS))
            for i, (a, b) in enumerate(zip(now, before, strict=True)):
                delta[i] += a - b
            before = now


def _function(changes: dict[date, list[int]]) -> Steps:
    """The step function (:data:`ORIGIN`, then each day the counts change) of a sum of contributors' changes."""
    total = [0] * len(COUNTS)
    function: Steps = {}
    for day in sorted(changes):
        delta = changes[day]
        if day != ORIGIN and not any(delta):
            continue
        total = [t + d for t, d in zip(total, delta, strict=True)]
        function[day] = tuple(total)
    return function


def _at(function: Steps, days: list[date], day: date) -> Vector:
    """``function`` (its ``days`` sorted) on ``day``."""
    return function[days[bisect.bisect_right(days, day) - 1]] if days and days[0] <= day else ZERO


def _any(intervals: list[list[Any]], day: date) -> bool:
    return any(holds(i[0], i[1], day) for i in intervals if i[0] is not None)


def _compound_days(c: dict[str, Any], unit_pairings: list[list[Any]], grid: dict[str, Any]) -> set[date]:
    days = set()
    for interval in (*c["venues"], *c["bodies"], *c["platforms"], *unit_pairings, *grid["gridVenues"],
                     *grid["gridPlatforms"]):  # fmt: skip
        days |= {d for d in interval[:2] if d is not None}
    for party in c["parties"]:
        days |= {d for d in party["answers"] if d is not None}
        days |= _bounds(party["leaders"])
    for valid_from, valid_to, disbursed in c["grants"]:
        days |= {d for d in (valid_from, valid_to, disbursed, window_end(disbursed)) if d is not None}
    for started, completed, cancelled in c["projects"]:
        days |= {d for d in (started, cancelled, completed and window_end(completed)) if d is not None}
    return days


def _stage_on(c: dict[str, Any], units: list[list[Any]], grid: dict[str, Any], forces: Vector, day: date) -> Vector:
    """A three-no compound's counts on ``day``: itself, with a Party organization, at the five-haves stage
    (coverage/_compound_stage's rule, on facts from ``aggregate/get_grid_compounds``)."""
    organized = any(p["answers"][0] is not None and holds(p["answers"][0], p["answers"][1], day) for p in c["parties"])
    party = any(
        holds(p["answers"][0], p["answers"][1], day) and _any(p["leaders"], day)
        for p in c["parties"]
        if p["answers"][0] is not None
    )
    # (Before any fact began, at ORIGIN, the window reaches back past the calendar: nothing is in it.)
    window_start = resources_window_start(day) if day.year > 1 else ORIGIN
    five = (
        party
        and (_any(c["venues"], day) or _any(grid["gridVenues"], day))
        and (
            _any(units, day)
            or any(
                holds(f, t, day) and window_start < disbursed <= day for f, t, disbursed in c["grants"] if f is not None
            )
            or any(
                started <= day
                and (completed is None or completed > window_start)
                and (cancelled is None or day < cancelled)
                for started, completed, cancelled in c["projects"]
            )
        )
        and _any(c["bodies"], day)
        and (_any(c["platforms"], day) or _any(grid["gridPlatforms"], day))
    )
    if five:  # FORCES: every building led, and enough of the households covered
        buildings, led, households, covered_ = (forces[COUNTS.index(k)] for k in FORCES)
        five = (
            buildings > 0 and led == buildings and households > 0 and covered_ / households >= FORCES_MIN_COVERED_SHARE
        )
    return _vector(
        threeNoCompounds=1, threeNoCompoundsWithPartyOrganization=int(organized), fiveHavesCompounds=int(five)
    )


FORCES = ("threeNoCompounds", "buildingsWithLeader", "households", "coveredHouseholds")
"""In a compound's own sums of its buildings (:func:`steps`), the slots that hold its buildings, led buildings,
households and covered households (``threeNoCompounds`` counts a building there)."""


def steps(rows: Iterable[dict[str, Any]], grids: Iterable[dict[str, Any]] = ()) -> dict[str, Steps]:
    """Each grid's step function from :func:`_inputs` rows: one per building (its pairings, leaders' holdings
    and households'), and one per grid (its units' pairings, its three-no compounds' facts).

    Every household, building, compound and grid adds its own change of counts on the days its counts can
    change (the bounds of what it depends on); summed per grid and day they give the grid's steps:
    :data:`ORIGIN`, then each day on which the counts differ from the day before.
    """
    deltas: dict[str, dict[date, list[int]]] = {}
    # Per three-no compound, the same sums of its own buildings and households, for its FORCES criterion.
    compound_deltas: dict[str, dict[date, list[int]]] = {}
    for row in rows:
        by_day = deltas.setdefault(row["grid"], {ORIGIN: [0] * len(COUNTS)})
        targets = [by_day]
        if row.get("compound"):
            targets.append(compound_deltas.setdefault(row["compound"], {ORIGIN: [0] * len(COUNTS)}))
        building = row["buildingPairings"]
        building_days = _bounds(building)
        for household in row["households"]:
            own = household["pairings"]

            def household_on(
                day: date, own: list[list[Any]] = own, special: int = household["special"], building: Any = building
            ) -> Vector:
                return _household_vector(special, _holds_any(own, day), _holds_any(building, day))

            for target in targets:
                _accumulate(target, building_days | _bounds(own), household_on)
        leaders = row.get("leaders", [])

        def led_on(day: date, leaders: list[list[Any]] = leaders) -> Vector:
            return _vector(buildingsWithLeader=int(_holds_any(leaders, day)))

        _accumulate(by_day, _bounds(leaders), led_on)
        if len(targets) > 1:
            target = targets[1]

            def building_on(day: date, leaders: list[list[Any]] = leaders) -> Vector:
                return _vector(threeNoCompounds=1, buildingsWithLeader=int(_holds_any(leaders, day)))

            _accumulate(target, _bounds(leaders), building_on)
    for grid in grids:
        by_day = deltas.setdefault(grid["grid"], {ORIGIN: [0] * len(COUNTS)})
        pairings = [p[1:] for p in grid["unitPairings"]]
        _accumulate(by_day, _bounds(pairings), lambda day, ps=pairings: _vector(gridsWithUnit=int(_holds_any(ps, day))))
        for c in grid["compounds"]:
            own = _function(compound_deltas.get(c["code"], {ORIGIN: [0] * len(COUNTS)}))
            own_days = sorted(own)
            units = [p[1:] for p in grid["unitPairings"] if p[0] == c["area"]]
            days = _compound_days(c, units, grid) | set(own_days)

            def compound_on(
                day: date, c: Any = c, units: Any = units, grid: Any = grid, own: Steps = own, own_days: Any = own_days
            ) -> Vector:
                return _stage_on(c, units, grid, _at(own, own_days, day), day)

            _accumulate(by_day, days, compound_on)
    return {grid: _function(changes) for grid, changes in deltas.items()}


def _as_rows(grid: str, function: Steps) -> list[dict[str, Any]]:
    return [{"grid": grid, "day": day, **dict(zip(COUNTS, counts, strict=True))} for day, counts in function.items()]


def _stored(rows: list[dict[str, Any]]) -> dict[str, Steps]:
    out: dict[str, Steps] = {}
    for r in rows:
        step = r["step"]
        out.setdefault(step["grid"], {})[step["day"]] = tuple(step.get(name, 0) for name in COUNTS)
    return out


# ---------------------------------------------------------------- the county-wide distinct counts (pure)


def merged(intervals: Iterable[list[Any]]) -> tuple[list[date], list[date]]:
    """The union of half-open intervals ``[start, end)`` (``end`` None: open), as sorted disjoint starts and
    ends (:data:`FOREVER` for an open end)."""
    pairs = sorted((i[0], i[1] or FOREVER) for i in intervals if i[0] is not None and (i[1] is None or i[0] < i[1]))
    starts: list[date] = []
    ends: list[date] = []
    for start, end in pairs:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def fresh_spans(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], tuple[list[date], list[date]]]:
    """Each (kind, code)'s span from ``aggregate/get_spans_of`` rows (an entity that does not count: none)."""
    out: dict[tuple[str, str], tuple[list[date], list[date]]] = {}
    for r in rows:
        if r["unit"]:
            out[("pairedUnits", r["code"])] = merged(r["pairings"])
        elif r["cadre"]:
            out[("cadres", r["code"])] = ([ORIGIN], [FOREVER])
            out[("pairedCadres", r["code"])] = merged(r["pairings"])
    return {key: span for key, span in out.items() if span[0]}


def span_deltas(span: tuple[list[date], list[date]], sign: int = 1) -> dict[date, int]:
    """What a span adds to its kind's count: +1 on each start, -1 on each (finite) end."""
    out: dict[date, int] = {}
    for start, end in zip(*span, strict=True):
        out[start] = out.get(start, 0) + sign
        if end != FOREVER:
            out[end] = out.get(end, 0) - sign
    return out


# ---------------------------------------------------------------- keeping it (inside a writer's transaction)


async def _inputs(tx: neo4j.AsyncManagedTransaction, grids: list[str]) -> dict[str, Steps]:
    buildings = await run(tx, "aggregate/get_grid_pairings", {"grids": grids})
    computed = steps(buildings, await run(tx, "aggregate/get_grid_compounds", {"grids": grids}))
    # A grid without households still has its first step (all zeros): every grid has one to lock.
    return {grid: computed.get(grid, {ORIGIN: ZERO}) for grid in grids}


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


async def refresh(tx: neo4j.AsyncManagedTransaction, codes: Iterable[str], forgetting: bool = False) -> int:
    """The hook: call it inside the transaction that changed what a coverage count depends on, after the
    change, with the codes of what it changed: households, buildings, compounds, areas or grids (their
    pairings, households, residents), posts (holdings), grants, micro-projects, Party organizations, and
    the persons and units whose pairings it started or ended.

    Recomputes the step functions of the grids they lie in and writes the steps that differ, then the spans
    of the persons and units among them (:data:`SPAN_KINDS`) and their kinds' changes, so that the aggregate
    commits with the change. Does nothing until the aggregate is built (:func:`rebuild`). Returns how many
    steps and spans it wrote or deleted. ``forgetting``: some of ``codes`` were deleted (a clean-up), and
    what the aggregate holds of them goes.
    """
    wanted = sorted(set(codes))
    if not wanted:
        return 0
    grids = [r["grid"] for r in await run(tx, "aggregate/get_grids_of", {"codes": wanted})]
    written = await _refresh_grids(tx, grids) if grids else 0
    if forgetting and not await _kept(tx):
        return written
    return written + await _refresh_spans(tx, wanted, rebuilding=forgetting)


async def _refresh_spans(tx: neo4j.AsyncManagedTransaction, codes: list[str], rebuilding: bool = False) -> int:
    """Bring the spans of the persons and units among ``codes`` (and those stored under ``codes``, which may
    no longer count) up to date, adding the difference to their kinds' changes; after the grids' locks, in
    (kind, code) order, then the changes in (kind, day) order, so that two writers never wait in a circle."""
    rows = await run(tx, "aggregate/get_spans_of", {"codes": codes})
    fresh = fresh_spans(rows)
    wanted = {(kind, r["code"]) for r in rows for kind in (("pairedUnits",) if r["unit"] else SPAN_KINDS[:2])}
    if rebuilding:  # also what is stored under codes no longer in the graph
        wanted |= {(kind, code) for kind in SPAN_KINDS for code in codes}
    keys = sorted(wanted | set(fresh))
    if not keys:
        return 0
    if not rebuilding and not await _kept(tx):
        return 0
    stored = await run(tx, "aggregate/lock_spans", {"spans": [{"kind": k, "code": c} for k, c in keys]})
    changes: dict[tuple[str, date], int] = {}
    written: list[dict[str, Any]] = []
    changed = 0
    for row in stored:
        key = (row["kind"], row["code"])
        old = (list(row["starts"]), list(row["ends"]))
        new = fresh.get(key, ([], []))
        changed += old != new
        if old != new or not new[0]:  # (an empty span: the lock made it, and it goes)
            written.append({"kind": key[0], "code": key[1], "starts": new[0], "ends": new[1]})
        for sign, span in ((-1, old), (1, new)):
            for day, delta in span_deltas(span, sign).items():
                changes[(key[0], day)] = changes.get((key[0], day), 0) + delta
    deltas = [{"kind": k, "day": d, "delta": v} for (k, d), v in sorted(changes.items()) if v]
    if deltas:
        await run(tx, "aggregate/add_deltas", {"deltas": deltas})
    await run(tx, "aggregate/set_spans", {"spans": written})
    return changed


async def _kept(tx: neo4j.AsyncManagedTransaction) -> bool:
    """Whether writers keep the aggregate (it is built, or being built)."""
    return bool(await run(tx, "aggregate/get_marker"))


async def _refresh_grids(tx: neo4j.AsyncManagedTransaction, grids: list[str]) -> int:
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
    """Recompute every grid's steps and every entity's spans from scratch (writing only those that differ),
    drop the steps of grids no longer in the graph, and mark the aggregate built. Returns how many steps and
    spans it wrote or deleted.

    Each batch of grids (or entities) is its own transaction and takes the locks :func:`refresh` takes, so a
    rebuild can run beside the API's writes.
    """
    # Writers keep every grid from now on, before the first is computed: none of their changes falls
    # between a grid's computation and the marker. Reads trust the aggregate once it is ready.
    await graph.write("aggregate/merge_marker", {"ready": False, "version": VERSION})
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
    codes = await _span_codes(graph)
    for start in range(0, len(codes), SPAN_BATCH):
        chunk = codes[start : start + SPAN_BATCH]
        written += await graph.transaction(functools.partial(_refresh_spans, codes=chunk, rebuilding=True))
    await graph.write("aggregate/merge_marker", {"ready": True, "version": VERSION})
    return written


async def _span_codes(graph: Graph) -> list[str]:
    row = await graph.read_one("aggregate/get_span_codes")
    return sorted(set(row["cadres"]) | set(row["units"]) | set(row["spanned"])) if row else []


async def is_built(graph: Graph) -> bool:
    """Whether the aggregate has been built, at this :data:`VERSION` (reads trust it, and every writer keeps it)."""
    row = await graph.read_one("aggregate/get_marker")
    return bool(row and row["ready"] and row["version"] == VERSION)


async def drift(graph: Graph) -> list[str]:
    """The grids whose stored steps differ from a fresh computation, the entities whose stored spans do, and
    the kinds whose stored changes are not those of the stored spans (none when the writers kept it)."""
    grids, gone = await _all_grids(graph)
    differing = list(gone)
    for start in range(0, len(grids), REBUILD_BATCH):
        chunk = grids[start : start + REBUILD_BATCH]

        async def work(tx: neo4j.AsyncManagedTransaction, chunk: list[str] = chunk) -> list[str]:
            old = _stored(await run(tx, "aggregate/get_steps", {"grids": chunk, "origin": ORIGIN}))
            fresh = await _inputs(tx, chunk)
            return [g for g in chunk if old.get(g) != fresh[g]]

        differing += await graph.transaction(work)
    row = await graph.read_one("aggregate/get_spans")
    stored = {(k, c): (list(s), list(e)) for k, c, s, e in row["spans"]} if row else {}
    codes = await _span_codes(graph)
    fresh: dict[tuple[str, str], tuple[list[date], list[date]]] = {}
    for start in range(0, len(codes), SPAN_BATCH):
        fresh |= fresh_spans(await graph.read("aggregate/get_spans_of", {"codes": codes[start : start + SPAN_BATCH]}))
    differing += sorted(f"{k} {c}" for k, c in set(stored) | set(fresh) if stored.get((k, c)) != fresh.get((k, c)))
    expected: dict[tuple[str, date], int] = {}
    for (kind, _), span in stored.items():
        for day, delta in span_deltas(span).items():
            expected[(kind, day)] = expected.get((kind, day), 0) + delta
    kept = {(k, d): v for k, d, v in row["deltas"]} if row else {}
    expected = {key: v for key, v in expected.items() if v}
    differing += sorted(
        {f"{k} changes" for k, d in set(kept) | set(expected) if kept.get((k, d)) != expected.get((k, d))}
    )
    return sorted(differing)


async def counts(graph: Graph, scopes: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    """Each scope's (``{key, roots}``) counts on ``day`` from the aggregate; ``exact`` false when it cannot
    answer (not built, or a root below a grid) and the caller must count from the pairings."""
    return await graph.read("aggregate/get_coverage", {"scopes": scopes, "asOf": day})


async def county_counts(graph: Graph, day: date) -> dict[str, Any]:
    """Every ``Coverage`` count of the whole county on ``day`` from the aggregate (``exact`` false when it is not
    built at this :data:`VERSION`: the caller counts from the graph)."""
    row = await graph.read_one("aggregate/get_county_coverage", {"asOf": day, "version": VERSION})
    return row or {"exact": False}


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
        county = await county_counts(graph, day)
        brute_county = await graph.read_one("coverage/get_county_coverage", {**rules, "asOf": day, "parts": PARTS})
        assert brute_county is not None
        county_got = {k: county.get(k) for k in brute_county}
        if not county["exact"] or county_got != brute_county:
            differences.append({"day": day, "scope": "county", "aggregate": county_got, "bruteForce": brute_county})
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
