"""Resolver factories for the navigation fields that are one batched relation each.

Each returns a plain resolver function; the field's annotation in ``schema/`` gives its GraphQL type.
``as_of`` arguments default to the county's today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.types import Info

from api.node import connection, decode_cursor, page_size, to_node
from graph.relationships import Relationship, navigation_query, relationship
from resolvers import compiled


async def _related(root: Any, info: Info, rel: Relationship, day: date) -> list[Any]:
    """The targets of ``rel`` from ``root`` on ``day``: read with the root field's compiled query when it
    read them, else by the relationship's batched loader (one round trip per field and level)."""
    found = compiled.prefetched(root, info, day)
    if found is not None:
        return found
    rows = await info.context.loaders.related(navigation_query(rel.key), day).load(root.code)
    return [to_node(r) for r in rows]


def _declared(resolve: Any, rel: Relationship, dated: bool) -> Any:
    resolve.relationship, resolve.dated = rel, dated  # how resolvers/compiled.py finds the field's relationship
    return resolve


def related(source: str, field: str, *, as_of: bool = False) -> Any:
    """The navigation field ``source.field`` declared in ``graph/relationships.py``: a list (in code order) or
    at most one target, as it stands today, or (``as_of``, a time-bounded list) on the day of its ``asOf``."""
    rel = relationship(source, field)
    if as_of and (rel.timed is None or not rel.many):
        raise ValueError(f"{rel.key}: only a time-bounded list takes asOf")
    if not rel.many:

        async def resolve_one(root: Any, info: Info) -> Any:
            found = await _related(root, info, rel, info.context.today)
            return found[0] if found else None

        return _declared(resolve_one, rel, False)
    if not as_of:

        async def resolve_all(root: Any, info: Info) -> Any:
            return await _related(root, info, rel, info.context.today)

        return _declared(resolve_all, rel, False)

    async def resolve_on(root: Any, info: Info, as_of: date | None = None) -> Any:
        return await _related(root, info, rel, info.context.day(as_of))

    return _declared(resolve_on, rel, True)


def nodes(query: str, label: str | None = None) -> Any:
    """A list of related nodes (optionally only those of one label), as they stand today, by a catalogued
    query (relations that are not a plain path in code order; the others are :func:`related`)."""

    async def resolve(root: Any, info: Info) -> Any:
        rows = await info.context.loaders.related(query, info.context.today).load(root.code)
        return [to_node(r) for r in rows if label is None or r["_label"] == label]

    return resolve


def nodes_as_of(query: str, label: str | None = None) -> Any:
    """A list of related nodes on a given day (default: today), by a catalogued query."""

    async def resolve(root: Any, info: Info, as_of: date | None = None) -> Any:
        rows = await info.context.loaders.related(query, info.context.day(as_of)).load(root.code)
        return [to_node(r) for r in rows if label is None or r["_label"] == label]

    return resolve


def node(query: str, label: str | None = None, kind: str | None = None) -> Any:
    """At most one related node as it stands today (optionally of one label or one ``kind``), by a
    catalogued query."""

    async def resolve(root: Any, info: Info) -> Any:
        rows = await info.context.loaders.related(query, info.context.today).load(root.code)
        for r in rows:
            if (label is None or r["_label"] == label) and (kind is None or r.get("kind") == kind):
                return to_node(r)
        return None

    return resolve


def value(query: str) -> Any:
    """One value per parent (a count, a flag), batched."""

    async def resolve(root: Any, info: Info) -> Any:
        return await info.context.loaders.value(query).load(root.code)

    return resolve


def page(query: str, count_query: str, sort_key: str = "code") -> Any:
    """A connection of related nodes, batched across parents; ``totalCount`` on demand. ``sort_key`` names the rows'
    sort key (the cursor): their code (code order), or a ``_cursor`` the query computes for another order."""

    async def resolve(root: Any, info: Info, first: int | None = 20, after: str | None = None) -> Any:
        size = page_size(first)
        key = decode_cursor(after)
        loaders = info.context.loaders
        rows = await loaders.page(query).load((root.code, size, key))

        async def count() -> int:
            return await loaders.value(count_query).load(root.code)

        return connection(rows, size, after, count, key=sort_key)

    return resolve


def page_as_of(query: str, count_query: str, make: Any = to_node) -> Any:
    """A connection of related rows on a given day (default: today), in key order, batched across parents;
    ``totalCount`` on demand. ``make`` turns an item into its GraphQL object (default: a node)."""

    async def resolve(
        root: Any, info: Info, first: int | None = 20, after: str | None = None, as_of: date | None = None
    ) -> Any:
        size = page_size(first)
        key = decode_cursor(after)
        day = info.context.day(as_of)
        loaders = info.context.loaders
        rows = await loaders.page(query, day).load((root.code, size, key))

        async def count() -> int:
            return await loaders.value(count_query, day).load(root.code)

        return connection(rows, size, after, count, make=make)

    return resolve


def rows_of(query: str, make: Any) -> Any:
    """A list of related rows that are not nodes (a pairing), as they stand today (with their history)."""

    async def resolve(root: Any, info: Info) -> Any:
        rows = await info.context.loaders.related(query, info.context.today).load(root.code)
        return [make(r) for r in rows]

    return resolve


def rows_as_of(query: str, make: Any) -> Any:
    """A list of related rows that are not nodes (a pairing, a report), on a given day (default: today)."""

    async def resolve(root: Any, info: Info, as_of: date | None = None) -> Any:
        rows = await info.context.loaders.related(query, info.context.day(as_of)).load(root.code)
        return [make(r) for r in rows]

    return resolve


def row_as_of(query: str, make: Any) -> Any:
    """At most one related row that is not a node (a report in to a grid), on a given day (default: today)."""

    async def resolve(root: Any, info: Info, as_of: date | None = None) -> Any:
        rows = await info.context.loaders.related(query, info.context.day(as_of)).load(root.code)
        return make(rows[0]) if rows else None

    return resolve


def post_holders(roles: tuple[str, ...], first_only: bool) -> Any:
    """Who holds the entity's post(s) of the given roles on a day; ``None``/empty when vacant."""

    async def resolve(root: Any, info: Info, as_of: date | None = None) -> Any:
        rows = await info.context.loaders.related("organizations/rel_post_holders", info.context.day(as_of)).load(
            root.code
        )
        people = [to_node(r) for r in rows if r["_role"] in roles]
        if first_only:
            return people[0] if people else None
        return people

    return resolve
