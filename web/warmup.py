"""The start-up warm-up: nothing is answered until Neo4j has planned every catalogued query and the GraphQL
path (parsing, validation, the cost estimate, the resolvers, the JSON) has run once.

A cold first call of a big analysis was 2.6–3.2 s, almost all of it Neo4j planning the query (the county's
coverage is ~150 lines of Cypher once its fragments are included); the plan is then cached, by the query's
text *and its parameters' types*. So each catalogued query is planned with ``EXPLAIN`` and parameters of the
types its callers send (:data:`SAMPLES`, by parameter name; a name not listed is sent as null, which plans
the query but may be planned again for the real types), a few at a time. Then the common documents run
in-process as the county, which also plans the queries built in code (the pairing network) and reads the
busiest part of the store into Neo4j's page cache.

The app's lifespan runs this before the server accepts connections, so ``/readyz`` (and every other route)
answers only once it is done; with several worker processes the first to start pays the planning, the others
find the plans cached. It never writes (``EXPLAIN`` runs nothing; the documents are reads of fields that leave
no access record) and it never fails the start: a query that cannot be planned is logged and skipped, and the
whole is bounded by :data:`WARMUP_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from graph import catalog
from graph.driver import Graph
from graph.geography import WORLD
from graph.rules import FORCES_MIN_COVERED_SHARE, county_today, resources_window_start
from graph.scope import Role, Viewer, resolve_viewer
from graph.settings import Limits

log = logging.getLogger("tongguan.warmup")

WARMUP_SECONDS = 300.0
"""After this the server starts anyway (cold rather than not at all)."""
AT_ONCE = 2
"""Queries planned at the same time: planning is CPU-bound in Neo4j (two cores here)."""

_PARAM = re.compile(r"\$(\w+)")


def samples(today: date, viewer: Viewer) -> dict[str, Any]:
    """A value of the type real callers send, for each common parameter name of the catalogue."""
    day_fields = ("asOf", "today", "on", "servedOn", "raisedOn", "dueOn", "done", "until")
    values: dict[str, Any] = {name: today for name in day_fields}
    values.update(
        scope=viewer.cypher(),
        codes=["-"],
        roots=[viewer.scope or "-"],
        labels=["Household"],
        statuses=["ACCEPTED"],
        steps=["ACCEPTED"],
        types=["PAIRED_WITH"],
        first=21,
        limit=20,
        fetch=21,
        year=today.year,
        minCoveredShare=FORCES_MIN_COVERED_SHARE,
        windowStart=resources_window_start(today),
        overdue=False,
        dueSoon=None,
        byDue=False,
        unpairedOnly=False,
        specialGroupsOnly=False,
        since=datetime.now(UTC),
        county=True,
        keys=None,
        southWest={"longitude": 110.0, "latitude": 34.5},
        northEast={"longitude": 110.5, "latitude": 34.6},
        world=WORLD,
        afterAt=None,
    )
    codes = ("code", "kind", "member", "unit", "household", "person", "grid", "compound", "building", "area")
    values.update({k: "-" for k in (*codes, "organization", "lucene", "actor", "owner")})
    return values


# No document reads special-group status or ID numbers in full: a warm-up must leave no access record.
WARM_DOCUMENTS = (
    """query ($code: String!) { byCode(code: $code) { ... on Household {
      code address building { code name compound { code name area { code name grid { code name } } } }
      residents { code } pairedMembers { code name }
      responsible { role person { name } organization { name kind } unit { name } } } } }""",
    """query ($id: ID!) { node(id: $id) { ... on Grid { code name community { code name }
      units { code name kind } coverage { households coveredHouseholds } } } }""",
    """{ units(first: 20) { totalCount pageInfo { hasNextPage } nodes { code name kind areas { code name grid { code name } } } } }""",  # noqa: E501
    """query ($id: ID) { uncoveredHouseholds(scope: $id, first: 20) { totalCount pageInfo { hasNextPage } nodes { code address } } }""",  # noqa: E501
    """{ uncoveredHouseholds(first: 20) { totalCount pageInfo { hasNextPage } nodes { code address } } }""",
    """{ coverage { households coveredHouseholds coveredDirectly coveredViaBuilding specialGroupResidents
      uncoveredSpecialGroupResidents buildings buildingsWithLeader threeNoCompounds
      threeNoCompoundsWithPartyOrganization fiveHavesCompounds grids gridsWithUnit units pairedUnits cadres
      pairedCadres volunteerTeams } }""",
    """{ search(text: "1号楼", kinds: [HOUSEHOLD], first: 20) { score exactCode node { ... on Household { code address } } } }""",  # noqa: E501
    """query ($id: ID!) { pairingNetwork(center: $id, depth: 2) { truncated nodes { id kind label } edges { source target kind since } } }""",  # noqa: E501
    """query ($id: ID!) { pairingNetwork(center: $id, mode: PAIRINGS, limit: 5000, nodeKinds: [PERSON, HOUSEHOLD],
      edgeKinds: [PAIRED_WITH]) { nodes { code kind label covered } edges { source target pairingKind since } } }""",
    """{ mapFeatures(kinds: [GRID, COMPOUND]) { geojson } }""",
)
"""What clients ask most (the benchmark's operations): their queries, their validation and their resolvers."""


@dataclass
class WarmupReport:
    planned: int = 0
    failed: list[str] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0


async def warm_up(graph: Graph, limits: Limits, plan: bool = True) -> WarmupReport:
    """Plan the catalogue (unless ``plan`` is false: done already) and run the common documents once."""
    report = WarmupReport()
    started = time.monotonic()
    try:
        async with asyncio.timeout(WARMUP_SECONDS):
            viewer = await resolve_viewer(graph, Role.COUNTY, None, None, county_today())
            if plan:
                await _plan_catalogue(graph, viewer, report)
            await _run_documents(graph, viewer, limits, report)
    except TimeoutError:
        log.warning("warm-up stopped after %g s; serving anyway", WARMUP_SECONDS)
    report.seconds = time.monotonic() - started
    log.info(
        "warm: %d queries planned (%d not), %d documents run, in %.1f s",
        report.planned,
        len(report.failed),
        report.documents,
        report.seconds,
    )
    return report


async def plan_catalogue(graph: Graph) -> WarmupReport:
    """Only the planning (``./dev serve`` does it once before it starts its workers, whose own warm-up then
    finds every plan cached)."""
    report = WarmupReport()
    started = time.monotonic()
    viewer = await resolve_viewer(graph, Role.COUNTY, None, None, county_today())
    await _plan_catalogue(graph, viewer, report)
    report.seconds = time.monotonic() - started
    return report


async def _plan_catalogue(graph: Graph, viewer: Viewer, report: WarmupReport) -> None:
    values = samples(county_today(), viewer)
    gate = asyncio.Semaphore(AT_ONCE)

    async def plan(name: str) -> None:
        text = catalog.cypher(name)
        params = {p: values.get(p) for p in set(_PARAM.findall(text))}
        # $roots is a list of territory codes, or null for the whole county (the county's own requests).
        variants = [params, {**params, "roots": None}] if "roots" in params else [params]
        async with gate:
            try:
                for variant in variants:
                    await graph.read("EXPLAIN " + text, variant)
                report.planned += 1
            except Exception as exc:  # a warm-up never stops the start; the query's own callers will say why
                log.warning("warm-up could not plan %s (%s)", name, type(exc).__name__)
                report.failed.append(name)

    await asyncio.gather(*(plan(name) for name in catalog.names()))


async def _run_documents(graph: Graph, viewer: Viewer, limits: Limits, report: WarmupReport) -> None:
    from api.ids import encode
    from schema.api import schema
    from schema.context import Context

    row = await graph.read_one("common/get_warmup_subjects")
    if row is None:  # an empty database: nothing to read yet
        return
    variables = {"code": row["household"], "id": encode("Grid", row["grid"])}
    for document in WARM_DOCUMENTS:
        context = Context(graph=graph, viewer=viewer, limits=limits)
        used = {k: v for k, v in variables.items() if f"${k}" in document}
        result = await schema.execute(document, variable_values=used, context_value=context)
        if result.errors:
            log.warning("warm-up document failed: %s", result.errors[0].message)
        else:
            report.documents += 1
