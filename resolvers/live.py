"""Live updates: the process's change feed (:mod:`graph.feed`), narrowed to what the subscriber may see.

A subscription resolves its ``scope`` once, when it starts (limited to the caller's territory, like
every root field), and then passes each change on only when the change happened inside it: the one
check is :func:`graph.scope.visible_codes` on the change's household or building. Every change it passes on
is resolved with fresh loaders, so its fields show the graph as it stands after the change.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import strawberry
from strawberry.types import Info

from graph import scope as scopes
from graph.feed import ChangeEvent
from graph.scope import Viewer
from resolvers.loaders import Loaders
from resolvers.scopes import scope_argument

MAX_BATCH = 100
"""Changes checked against the scope in one query when several are waiting."""


async def updates(info: Info, scope: strawberry.ID | None, kind: str) -> AsyncIterator[ChangeEvent]:
    """The changes of ``kind`` (graph.feed.WISH or COVERAGE) inside ``scope`` and the caller's territory,
    from now on, as they are committed (by any process)."""
    ctx = info.context
    if ctx.feed is None:
        raise RuntimeError("no change feed in this context")
    found = await scope_argument(info, scope)
    viewer = ctx.viewer
    # Who the change must be visible to: the caller narrowed to the scope asked for (a member or resident:
    # the caller, whose own households are the list). A county-wide caller without a scope needs no check.
    inside: Viewer | None
    if scope is None and viewer.sees_everything:
        inside = None
    elif viewer.counts_territory:
        inside = dataclasses.replace(viewer, roots=found.roots, codes=frozenset())
    else:
        inside = viewer
    async with ctx.feed.subscribe() as queue:
        while True:
            batch = [await queue.get()]
            while not queue.empty() and len(batch) < MAX_BATCH:
                batch.append(queue.get_nowait())
            events = [e for e in batch if e.kind == kind]
            if events and inside is not None:
                allowed = await scopes.visible_codes(ctx.graph, inside, [e.anchor for e in events])
                events = [e for e in events if e.anchor in allowed]
            for event in events:
                ctx.loaders = Loaders(ctx.graph, ctx.viewer)
                yield event
            await asyncio.sleep(0)
