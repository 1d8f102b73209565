"""Per-request DataLoaders: every nested field is one batched Cypher query per request, whatever the
page size. Every query gets the viewer's ``$scope`` and applies it where it chooses its rows
(``scope/_visible``), so a loader returns only what the viewer may see.

Three shapes cover the API:

* ``entity``: entities by code (any type).
* ``related(query, as_of)``: for each parent code, a list of node maps. The query takes ``$codes`` (and
  ``$asOf``) and returns rows ``{code, items}``.
* ``value(query, as_of)``: for each parent code, one value (a count, a flag): rows ``{code, value}``.
* ``page(query, as_of)``: for each ``(code, first, after)``, a page of node maps in key order; the query takes
  ``$keys`` (maps ``{code, first, after}``, ``first`` already one more than the page) and ``$asOf``, and
  returns rows ``{code, after, items}``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from datetime import date
from typing import Any

from strawberry.dataloader import DataLoader

from graph.driver import Graph
from graph.privacy import redact
from graph.scope import Viewer

Row = dict[str, Any]


class SharedLoader(DataLoader):
    """A DataLoader whose futures survive one waiter being cancelled. graphql-core cancels a failed
    field's siblings; a sibling waiting on a key another field also waits on would cancel the shared
    future with it, and the other field (and so the whole request) would end in CancelledError."""

    def load(self, key: Any) -> Awaitable[Any]:
        return asyncio.shield(super().load(key))


class Loaders:
    def __init__(self, graph: Graph, viewer: Viewer) -> None:
        self.graph = graph
        self.viewer = viewer
        self.entity: DataLoader[str, Row | None] = SharedLoader(self._load_entities)
        self._loaders: dict[Hashable, DataLoader] = {}

    async def read(self, query: str, params: dict[str, Any]) -> list[Row]:
        """Every read of the request: the viewer's scope in, personal data masked out (graph/privacy.py)."""
        rows = await self.graph.read(query, {**params, "scope": self.viewer.cypher()})
        return rows if self.viewer.sees_personal_data else redact(rows)

    async def _load_entities(self, codes: list[str]) -> list[Row | None]:
        by_code = {r["node"]["code"]: r["node"] for r in await self.read("common/get_entities", {"codes": codes})}
        return [by_code.get(c) for c in codes]

    def _cached(self, key: Hashable, load: Any) -> DataLoader:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = SharedLoader(load)
        return loader

    def related(self, query: str, as_of: date | None = None) -> DataLoader[str, list[Row]]:
        async def load(codes: list[str]) -> list[list[Row]]:
            rows = await self.read(query, {"codes": codes, "asOf": as_of})
            items = {r["code"]: r["items"] for r in rows}
            return [items.get(c, []) for c in codes]

        return self._cached(("related", query, as_of), load)

    def one(self, query: str, as_of: date | None = None) -> DataLoader[str, Row | None]:
        """Like :meth:`related`, for fields holding at most one node."""

        async def load(codes: list[str]) -> list[Row | None]:
            lists = await self.related(query, as_of).load_many(codes)
            return [items[0] if items else None for items in lists]

        return self._cached(("one", query, as_of), load)

    def value(self, query: str, as_of: date | None = None) -> DataLoader[str, Any]:
        async def load(codes: list[str]) -> list[Any]:
            rows = await self.read(query, {"codes": codes, "asOf": as_of})
            values = {r["code"]: r["value"] for r in rows}
            return [values.get(c) for c in codes]

        return self._cached(("value", query, as_of), load)

    def page(self, query: str, as_of: date | None = None) -> DataLoader[tuple[str, int, str | None], list[Row]]:
        async def load(keys: list[tuple[str, int, str | None]]) -> list[list[Row]]:
            params = [{"code": c, "first": f + 1, "after": a} for c, f, a in keys]
            rows = await self.read(query, {"keys": params, "asOf": as_of})
            pages = {(r["code"], r["after"]): r["items"] for r in rows}
            return [pages.get((c, a), []) for c, _, a in keys]

        return self._cached(("page", query, as_of), load)

    def batch(self, key: Hashable, load: Callable[[list[Any]], Awaitable[list[Any]]]) -> DataLoader:
        """A loader of one's own, one per request and ``key``, for batches the shapes above do not fit
        (an analysis whose query takes thresholds or scopes, not only codes and a day). ``load`` gets
        the keys asked for in one tick and answers them in order; it applies the viewer's scope itself."""
        return self._cached(("batch", key), load)
