"""Load a :class:`~seeds.dataset.Dataset` into Neo4j, idempotently, through the ``seed/`` queries.

Nodes go first (label by label, ``MERGE`` on ``code``), then relationships (type by type, ``MERGE`` on
both ends, plus ``validFrom`` for time-bounded ones, so an ended pairing and a later re-pairing of the
same two nodes stay two relationships). The ``Dataset`` marker is written last: a load that died half
way leaves no marker, and simply loading again completes it. Loading twice changes nothing.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

from graph import aggregate
from graph.driver import Graph
from seeds import DATASET_NAME
from seeds.dataset import NODE_LABELS, REL_TYPES, Dataset, Row
from seeds.geography import GEOGRAPHY_VERSION, geography

_PLURALS = {
    "County": "counties",
    "Community": "communities",
    "Person": "persons",
    "Wish": "wishes",
    "SelfGovernanceBody": "self_governance_bodies",
    "Matter": "matters",
}


class DatasetMismatch(RuntimeError):
    """The database already holds a different data set than the one asked for."""


class MissingConstraint(RuntimeError):
    """``MERGE`` on ``code`` needs the uniqueness constraints that the migrations create."""


@dataclass
class LoadReport:
    """What one load sent, and how long it took."""

    scale: int
    fingerprint: str
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_total(self) -> int:
        return sum(self.relationships.values())


def node_query(label: str) -> str:
    """The catalogue name of the query that loads ``label`` nodes, e.g. ``seed/load_persons``."""
    return f"seed/load_{_PLURALS.get(label) or _snake(label) + 's'}"


def rel_query(kind: str) -> str:
    """The catalogue name of the query that loads ``kind`` relationships, e.g. ``seed/load_paired_with``."""
    return f"seed/load_{kind.lower()}"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


async def check_constraints(graph: Graph) -> None:
    """Fail clearly when ``Entity.code`` is not unique-constrained (every MERGE would scan)."""
    rows = await graph.read("seed/get_code_constraints")
    if "Entity" not in {row["label"] for row in rows}:
        raise MissingConstraint(
            "no uniqueness constraint on Entity.code: apply the migrations before loading the data set"
        )


async def load(graph: Graph, dataset: Dataset, *, batch_size: int = 5000, concurrency: int = 2) -> LoadReport:
    """Write ``dataset`` into the graph in ``UNWIND`` batches, then the ``Dataset`` marker.

    Up to ``concurrency`` batches of one label are in flight at once, so that packing the next batch
    (pure Python, the client's bottleneck) overlaps with the server writing the last one; nodes of
    distinct codes never contend. Relationship batches go one at a time: concurrent ones deadlock on
    shared endpoints. Each batch is its own transaction (retried by the driver on transient errors).
    """
    await check_constraints(graph)
    started = time.perf_counter()
    report = LoadReport(scale=dataset.scale, fingerprint=dataset.fingerprint())
    marker = await loaded(graph)
    if marker is not None and marker["fingerprint"] != report.fingerprint:
        # MERGE on top of another version would mix the two (a commendation with two recipients...).
        raise DatasetMismatch(
            f"the database holds another version of the {marker['name']!r} data set (scale {marker['scale']}, "
            f"fingerprint {marker['fingerprint'][:12]}); load this one into an empty database"
        )
    for label in NODE_LABELS:
        rows = dataset.nodes[label]
        report.batches += await _send(graph, node_query(label), rows, batch_size, concurrency)
        report.nodes[label] = len(rows)
    for kind in REL_TYPES:
        rows = dataset.rels[kind]
        report.batches += await _send(graph, rel_query(kind), rows, batch_size, 1)
        report.relationships[kind] = len(rows)
    await graph.write(
        "seed/merge_dataset",
        {"name": DATASET_NAME, "scale": dataset.scale, "seed": dataset.seed, "fingerprint": report.fingerprint},
    )
    report.batches += await load_geography(graph, dataset, batch_size)
    await aggregate.rebuild(graph)  # the coverage aggregate of what was loaded (graph/aggregate.py)
    report.seconds = time.perf_counter() - started
    return report


async def _send(graph: Graph, query: str, rows: list[Row], batch_size: int, concurrency: int) -> int:
    starts = range(0, len(rows), batch_size)
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(start: int) -> None:
        async with gate:
            await graph.write(query, {"rows": rows[start : start + batch_size]})

    await asyncio.gather(*(one(start) for start in starts))
    return len(starts)


async def loaded(graph: Graph) -> dict[str, Any] | None:
    """The ``Dataset`` marker (name, scale, seed, fingerprint, loadedAt), or None when nothing is loaded."""
    return await graph.read_one("seed/get_dataset", {"name": DATASET_NAME})


async def ensure_loaded(graph: Graph, scale: int) -> bool:
    """Load the data set at ``scale`` unless one is there already; returns whether it loaded.

    A database that holds the data set is never loaded over: it may hold the users' own changes since.

    Raises :class:`DatasetMismatch` when the database holds the data set at another scale: wipe the
    database (or point the service at another one) rather than mixing two.
    """
    marker = await loaded(graph)
    if marker is not None:
        if marker["scale"] != scale:
            raise DatasetMismatch(
                f"the database holds the {marker['name']!r} data set at scale {marker['scale']}, "
                f"not {scale}: wipe it or set DATASET_SCALE={marker['scale']}"
            )
        if marker.get("geography") != GEOGRAPHY_VERSION:
            from seeds.generator import generate

            await load_geography(graph, generate(scale))
        if not await aggregate.is_built(graph):  # loaded before the coverage aggregate existed
            await aggregate.rebuild(graph)
        return False
    from seeds.generator import generate

    await load(graph, generate(scale))
    return True


async def load_geography(graph: Graph, dataset: Dataset, batch_size: int = 5000) -> int:
    """Place the territory on the map (:mod:`seeds.geography`) and record the layout's version on the
    marker; idempotent, and safe on a database that has lived since (it only sets map properties)."""
    batches = 0
    for rows in geography(dataset).values():
        batches += await _send(graph, "seed/load_geography", rows, batch_size, 1)
    await graph.write("seed/set_geography_version", {"name": DATASET_NAME, "version": GEOGRAPHY_VERSION})
    return batches
