"""Compiled entity reads, the resolvers' side: the selection below a root field → a :class:`graph.compiler.Plan`
→ one Cypher query (``graph/compiler.py``) → objects that carry what was read for the fields below them.

A navigation field declared in ``graph/relationships.py`` (its resolver comes from ``resolvers/common.py``)
first looks for its rows on its parent (:func:`prefetched`): there when the root field compiled it for that
response key and day, and otherwise read as before, by its batched loader. Fields the compiler does not know
(analyses, connections, computed fields) always resolve themselves, so an answer is the same field by
field whichever way it was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection
from strawberry.utils.str_converters import to_camel_case

from api.errors import InvalidArgument
from api.node import ENTITY_TYPES, FromRow, connection, to_node
from graph.compiler import Plan, Step, entities_query, page_query
from graph.relationships import Relationship

Row = dict[str, Any]
_STATE = "_compiled"


@cache
def _fields() -> dict[tuple[str, str], tuple[Relationship, bool]]:
    """``(type name, API field name) → (relationship, takes asOf)`` for every navigation field declared in
    the registry, read off the strawberry types (their resolvers say which relationship they follow)."""
    found: dict[tuple[str, str], tuple[Relationship, bool]] = {}
    for name, cls in ENTITY_TYPES.items():
        for f in cls.__strawberry_definition__.fields:
            resolver = f.base_resolver.wrapped_func if f.base_resolver else None
            rel = getattr(resolver, "relationship", None)
            if rel is not None:
                found[(name, f.graphql_name or to_camel_case(f.python_name))] = (rel, resolver.dated)  # type: ignore[union-attr]
    return found


_PROPERTY = re.compile(r"[a-z][A-Za-z0-9]*")
ALL = "*"


@cache
def _properties() -> dict[str, dict[str, str | None]]:
    """``type name → {API field name → the property it reads}`` for the types built by ``FromRow``: a field of
    the entity's own reads the camelCase property of its name, a declared relationship ``None`` (only the
    code), any other field (a resolver of its own) ``ALL``. Types with a ``from_row`` of their own are not
    here: they read every property. So a selection of plain fields reads only those (an area's outline
    stays in Neo4j unless it is asked for)."""
    found: dict[str, dict[str, str | None]] = {}
    for name, cls in ENTITY_TYPES.items():
        if getattr(cls.from_row, "__func__", None) is not getattr(FromRow.from_row, "__func__", None):
            continue
        fields: dict[str, str | None] = {"id": "code", "__typename": "code"}
        for f in cls.__strawberry_definition__.fields:
            resolver = f.base_resolver.wrapped_func if f.base_resolver else None
            key = to_camel_case(f.python_name)
            if getattr(resolver, "relationship", None) is not None:
                prop = None
            elif resolver is None and _PROPERTY.fullmatch(key):
                prop = key
            else:
                prop = ALL
            fields[f.graphql_name or to_camel_case(f.python_name)] = prop
        found[name] = fields
    return found


def _reads(types: frozenset[str], name: str) -> frozenset[str] | None:
    """The properties a field selected on entities of ``types`` reads (None: all of them)."""
    if name in ("id", "code", "__typename"):
        return frozenset()
    needed: set[str] = set()
    for t in types:
        fields = _properties().get(t)
        if fields is None:
            return None
        if name not in fields:
            continue  # a field of another of the types
        prop = fields[name]
        if prop == ALL:
            return None
        if prop is not None:
            needed.add(prop)
    return frozenset(needed)


def _skipped(selection: Selection) -> bool:
    directives = selection.directives
    return bool(directives.get("skip", {}).get("if")) or directives.get("include", {}).get("if") is False


def _day(info: Info, dated: bool, value: Any) -> date | None:
    """The day a field is asked on (as its resolver will work it out), or None when it cannot be told
    here (a bad date: the resolver reports it)."""
    if not dated:
        return info.context.today
    if value is None:
        return info.context.day(None)
    try:
        return info.context.day(value if isinstance(value, date) else date.fromisoformat(value))
    except (InvalidArgument, TypeError, ValueError):
        return None


def plan(info: Info, selections: Iterable[Selection], types: frozenset[str]) -> Plan:
    """What a selection (fragments and aliases included) asks of the relationships below entities of
    ``types``."""
    # Entities of a type with a from_row of its own read every property, whatever is selected.
    out = Plan(properties=frozenset() if types <= _properties().keys() else None)
    fields = _fields()
    for sel in selections:
        if _skipped(sel):
            continue
        if isinstance(sel, (InlineFragment, FragmentSpread)):
            cond = sel.type_condition
            narrowed = types if cond is None or cond not in ENTITY_TYPES else types & {cond}
            out.merge(plan(info, sel.selections, frozenset(narrowed)))
            continue
        assert isinstance(sel, SelectedField)
        out.read(_reads(types, sel.name))
        for t in types:
            found = fields.get((t, sel.name))
            if found is None:
                continue
            rel, dated = found
            day = _day(info, dated, sel.arguments.get("asOf"))
            if day is None:
                continue
            below = plan(info, sel.selections, frozenset(rel.target_labels) or ALL_TYPES())
            out.merge(Plan({(t, sel.alias or sel.name): Step(rel, day, below)}))
    return out


@cache
def ALL_TYPES() -> frozenset[str]:
    return frozenset(ENTITY_TYPES)


def root_plan(info: Info, types: frozenset[str] | None = None) -> Plan:
    """The plan below a root field returning entities (``node``, ``byCode``, ``nodes``) of ``types``
    (default: any)."""
    if not info.context.compiled_reads:
        return Plan()
    return plan(info, info.selected_fields[0].selections, types or ALL_TYPES())


def _connection_parts(selections: Iterable[Selection]) -> tuple[list[Selection], bool]:
    """A connection's node selections (``nodes``, ``edges { node }``) and whether ``totalCount`` is asked."""
    nodes: list[Selection] = []
    total = False
    for sel in selections:
        if _skipped(sel):
            continue
        if isinstance(sel, (InlineFragment, FragmentSpread)):
            more, t = _connection_parts(sel.selections)
            nodes += more
            total = total or t
        elif sel.name == "totalCount":
            total = True
        elif sel.name == "nodes":
            nodes += sel.selections
        elif sel.name == "edges":
            for edge in sel.selections:
                if isinstance(edge, SelectedField) and edge.name == "node" and not _skipped(edge):
                    nodes += edge.selections
                elif isinstance(edge, (InlineFragment, FragmentSpread)):
                    nodes += [
                        s for s in edge.selections if isinstance(s, SelectedField) and s.name == "node"
                    ]  # rare: node selections inside a fragment on the edge
    return nodes, total


def make(row: Row | None, below: Plan) -> Any:
    """The strawberry object of a node map, carrying what was read below it."""
    obj = to_node(row)
    if obj is not None and below:
        object.__setattr__(obj, _STATE, (below, row))
    return obj


def prefetched(root: Any, info: Info, day: date) -> list[Any] | None:
    """The objects a compiled query read for this field of ``root`` on ``day``; None when it did not."""
    state = getattr(root, _STATE, None)
    if state is None:
        return None
    below, row = state
    step = below.steps.get((type(root).__name__, info.path.key))
    if step is None or step.day != day or step.key not in row:
        return None
    return [make(r, step.below) for r in row[step.key]]


async def entities(info: Info, codes: list[str], below: Plan) -> dict[str, Row]:
    """Entities by code with what ``below`` asks, in one query."""
    text, params = entities_query(below)
    rows = await info.context.read(text, {**params, "codes": codes})
    return {r["node"]["code"]: r["node"] for r in rows}


async def page(
    info: Info, node_type: str, page_name: str, count_name: str, params: dict[str, Any]
) -> tuple[list[Row], Plan, int | None] | None:
    """A catalogued page with what the connection's selection asks below its nodes, and its count when
    ``totalCount`` is asked, in one query; None when nothing is worth compiling (then read as before)."""
    if not info.context.compiled_reads:
        return None
    selections, total = _connection_parts(info.selected_fields[0].selections)
    below = plan(info, selections, frozenset({node_type}))
    if not below and not total:
        return None
    text, extra = page_query(page_name, count_name if total else None, below)
    rows = await info.context.read(text, {**params, **extra})
    if not rows:
        return [], below, 0
    return rows[0]["nodes"], below, rows[0]["total"]


async def listing(info: Info, node_type: str, query: str, params: dict[str, Any] | None = None) -> list[Any] | None:
    """The entities a catalogued root list (rows ``{node}`` in order) returns, with what the selection asks
    below them, in one query; None when nothing is worth compiling."""
    below = root_plan(info, frozenset({node_type}))
    if not below:
        return None
    text, extra = page_query(query, None, below)
    rows = await info.context.read(text, {**(params or {}), **extra})
    return [make(r, below) for r in rows[0]["nodes"]] if rows else []


async def connection_page(
    info: Info, node_type: str, page_name: str, count_name: str, params: dict[str, Any], size: int, after: str | None
) -> Any:
    """A root connection of ``node_type`` read by :func:`page` (``params`` hold ``first``, one more than
    ``size``); None when nothing is worth compiling."""
    found = await page(info, node_type, page_name, count_name, params)
    if found is None:
        return None
    rows, below, total = found

    async def count() -> int:
        return total or 0

    return connection(rows, size, after, count, make=lambda row: make(row, below))
