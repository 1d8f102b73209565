"""How an import writes: in batches, each one transaction that re-checks its rows, changes what differs and
leaves an audit record per changed entity, all under one audit record for the import.

An import is a change of its own (``importRegister``, ``importPairings``, ``importBuildingLeaders`` in
:mod:`graph.permissions`), by a role allowed it, inside the importer's scope. It is idempotent by content:
every batch compares its rows with the graph (inside the transaction, after locking what it reads) and writes
only the differences, so importing the same file again changes nothing, and an import stopped half-way
(killed, a lost connection) simply runs again: the batches that committed find nothing left to do, the rest
are written. Entities are found by their natural keys (codes, ID numbers, a building and an address, a
pairing's two ends and first day), never created twice.

The import's own audit record has the import's id: a hash of the operation, the importer and the file's
bytes. It is made by the first batch that changes anything (outcome ``RUNNING``) and says ``DONE`` when the
last batch is through; a killed import run again resumes the same record. The same file imported again
after it was done is a new import (a new id), which, changing nothing, leaves no record at all. Each
entity's record carries the import's id (``importId``), which also keeps an import's many records out of
the importer's per-minute write quota: an import counts as one change.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph import aggregate, permissions
from graph.changes import _to_json
from graph.driver import Graph, run
from graph.scope import Viewer

Row = dict[str, Any]
Query = Callable[[str, dict[str, Any]], Awaitable[list[Row]]]
"""Runs a catalogued read with the importer's scope: inside the batch's transaction, or (a dry run) alone."""


@dataclass
class EntityChange:
    """One entity an import batch changed: its audit record's content."""

    kind: str
    """``created``, ``updated`` or ``ended`` (a relationship given its last day)."""
    entities: list[str]
    """Codes it concerns, the main one first."""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportRun:
    """One run of an import: who, which operation, under which import id."""

    graph: Graph
    viewer: Viewer
    operation: str
    import_id: str
    summary: dict[str, Any]
    """What the import's record says it is: ledger, file name, its SHA-256, rows."""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    resumed: bool = False
    """A killed run of the same import left its record RUNNING: this run adds to it."""
    recorded: bool = False
    """The import's record exists (a batch of this run, or of the killed one, changed something)."""

    def query(self, tx: neo4j.AsyncManagedTransaction | None = None) -> Query:
        """Catalogued reads with the importer's ``$scope``, in ``tx`` or (without one) each on its own."""
        scope = self.viewer.cypher()

        async def read(name: str, params: dict[str, Any]) -> list[Row]:
            if tx is None:
                return await self.graph.read(name, {**params, "scope": scope})
            return await run(tx, name, {**params, "scope": scope})

        return read


def import_id(operation: str, subject: str, sha256: str) -> str:
    """The same file imported by the same subject as the same operation: the same import."""
    return "import-" + hashlib.sha256(f"{operation}\x00{subject}\x00{sha256}".encode()).hexdigest()[:32]


async def start(graph: Graph, viewer: Viewer, operation: str, summary: dict[str, Any]) -> ImportRun:
    """Refuse (FORBIDDEN) a role that may not run ``operation``; otherwise the run, resuming a killed one."""
    permissions.check_role(viewer, operation)
    base = import_id(operation, viewer.subject, summary["sha256"])
    earlier = await graph.read_one("ledgers/get_import_record", {"id": base})
    if earlier is None:
        return ImportRun(graph, viewer, operation, base, summary)
    if earlier["outcome"] == "RUNNING":
        return ImportRun(graph, viewer, operation, base, summary, resumed=True, recorded=True)
    return ImportRun(graph, viewer, operation, f"{base}-{uuid.uuid4().hex[:8]}", summary)


Work = Callable[[neo4j.AsyncManagedTransaction, Query], Awaitable[list[EntityChange]]]


async def batch(import_run: ImportRun, work: Work) -> list[EntityChange]:
    """One batch as one transaction: ``work`` locks, re-checks and writes its rows (raising to write
    nothing), then the audit records of what it changed and the import's record, in the same transaction."""
    viewer = import_run.viewer

    async def transaction(tx: neo4j.AsyncManagedTransaction) -> list[EntityChange]:
        changes = await work(tx, import_run.query(tx))
        if not changes:
            return changes
        # Households, residents and pairings change coverage: the aggregate commits with the batch.
        await aggregate.refresh(tx, {code for c in changes for code in c.entities})
        counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("created", "updated", "ended")}
        await run(
            tx,
            "ledgers/merge_import_record",
            {
                "id": import_run.import_id,
                "actor": viewer.subject,
                "actorRole": viewer.role.value,
                "action": import_run.operation,
                "requestId": import_run.request_id,
                "after": _to_json(import_run.summary),
                **counts,
            },
        )
        records = [
            {
                "id": uuid.uuid4().hex,
                "entities": c.entities,
                "before": _to_json(c.before),
                "after": _to_json({"change": c.kind, **c.after}),
            }
            for c in changes
        ]
        await run(
            tx,
            "ledgers/create_import_audit_records",
            {
                "records": records,
                "actor": viewer.subject,
                "actorRole": viewer.role.value,
                "action": import_run.operation,
                "requestId": import_run.request_id,
                "importId": import_run.import_id,
            },
        )
        return changes

    changes = await import_run.graph.transaction(transaction)
    if changes:
        import_run.recorded = True
    return changes


async def finish(import_run: ImportRun, totals: dict[str, Any]) -> None:
    """Mark the import DONE with what it did in all, if it (or the killed run it resumed) changed anything."""
    if not import_run.recorded:
        return
    after = _to_json({**import_run.summary, **totals})
    await import_run.graph.write("ledgers/finish_import_record", {"id": import_run.import_id, "after": after})
