"""The change feed: what live subscriptions push, read from the audit records every process already writes.

Every change is one transaction that writes an ``AuditRecord`` (``graph/changes.apply``), so the audit
records *are* the feed: no broker, and every API process sees every committed change, whichever process
(or tool) made it. Each process runs one :class:`ChangeFeed`; while it has subscribers it reads the
records written since its last read every ``interval`` seconds (one indexed query on ``AuditRecord.at``)
and hands each new change to every subscriber's queue. Which subscriber may see which change is decided
by the subscription (the caller's scope), not here.

``at`` is set when the writing transaction runs, but a transaction commits a little later, and two
processes' transactions commit in any order: a record can become visible after one with a later ``at``
was already read. So each read looks back :data:`LOOKBACK` behind the newest ``at`` it has seen and
drops the records it has already handed out (by id): a change is delivered once, even when it commits
late, as long as its transaction took less than the look-back to commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from graph.driver import Graph

log = logging.getLogger("tongguan.feed")

WISH_ACTIONS = ("submitWish", "acceptWish", "rejectWish", "claimWish", "fulfilWish", "cancelWish")
"""Audit actions that move a wish to another status (rating does not)."""

COVERAGE_ACTIONS = ("pairMemberWithHousehold", "endPairing", "pairMemberWithBuilding", "endBuildingPairing")
"""Audit actions that may change whether households are covered."""

WISH, COVERAGE = "WISH", "COVERAGE"

LOOKBACK = timedelta(seconds=30)
"""How far behind the newest record seen each read looks again, for transactions that commit late."""

BATCH = 500
"""The most records one read takes; a burst larger than this is read over several intervals."""

QUEUE_SIZE = 1000
"""Changes waiting for one slow subscriber; beyond this its oldest are dropped (it should reload)."""


@dataclass(frozen=True)
class ChangeEvent:
    """One committed change a subscriber may be told about."""

    id: str
    at: datetime
    action: str
    kind: str
    """:data:`WISH` or :data:`COVERAGE`."""
    anchor: str
    """The territory entity the change happened at (the household, or the building): scope is checked on it."""
    wish: str | None = None
    status: str | None = None
    """The wish's status after the change."""
    previous_status: str | None = None


class ChangeFeed:
    """One per process: polls the audit records while anyone listens, fans new changes out to subscribers."""

    def __init__(self, graph: Graph, interval: float = 1.0) -> None:
        self.graph = graph
        self.interval = interval
        self._queues: set[asyncio.Queue[ChangeEvent]] = set()
        self._task: asyncio.Task[None] | None = None
        self._since: datetime | None = None
        self._seen: dict[str, datetime] = {}
        self._starting = asyncio.Lock()

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[ChangeEvent]]:
        """A queue that receives every change committed from now on, until the block exits."""
        queue: asyncio.Queue[ChangeEvent] = asyncio.Queue(QUEUE_SIZE)
        async with self._starting:
            if self._task is None or self._task.done():
                # News is what commits from now on, on the database's clock; what the look-back window
                # already holds is marked seen.
                row = await self.graph.read_one("changes/get_clock")
                self._since, self._seen = (row["now"] if row else None), {}
                await self.poll()
                self._task = asyncio.create_task(self._run(), name="change-feed")
            self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    @property
    def subscribers(self) -> int:
        """How many are listening now."""
        return len(self._queues)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        # Polls while anyone listens; the next subscriber starts it again.
        while self._queues:
            try:
                for event in await self.poll():
                    for queue in list(self._queues):
                        if queue.full():
                            queue.get_nowait()
                        queue.put_nowait(event)
            except Exception as exc:  # the database may be away for a while: try again next interval
                log.warning("change feed read failed: %s", type(exc).__name__)
            await asyncio.sleep(self.interval)

    async def poll(self) -> list[ChangeEvent]:
        """Read the changes committed since the last read, each once, oldest first."""
        if self._since is None:
            return []
        rows = await self.graph.read(
            "changes/get_changes_since",
            {
                "since": self._since - LOOKBACK,
                "seen": list(self._seen),
                "wishActions": list(WISH_ACTIONS),
                "coverageActions": list(COVERAGE_ACTIONS),
                "limit": BATCH,
            },
        )
        for r in rows:
            self._seen[r["id"]] = r["at"]
        if rows:
            self._since = max(self._since, max(r["at"] for r in rows))
        horizon = self._since - LOOKBACK
        self._seen = {k: v for k, v in self._seen.items() if v >= horizon}
        return [event for r in rows if (event := _event(r)) is not None]


def _event(row: dict[str, Any]) -> ChangeEvent | None:
    if row["anchor"] is None:
        return None
    if row["action"] in WISH_ACTIONS:
        before = json.loads(row["before"] or "{}")
        after = json.loads(row["after"] or "{}")
        return ChangeEvent(
            row["id"],
            row["at"],
            row["action"],
            WISH,
            row["anchor"],
            wish=row["wish"],
            status=after.get("status"),
            previous_status=before.get("status"),
        )
    return ChangeEvent(row["id"], row["at"], row["action"], COVERAGE, row["anchor"])
