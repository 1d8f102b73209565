"""Compiled entity reads: a request's selection of navigation fields as ONE Cypher query per root field.

The resolvers (``resolvers/compiled.py``) turn the selection below a root field into a :class:`Plan`: for each
(entity type, response key) asked for, the relationship it navigates (``graph/relationships.py``), the day it
is asked on and the plan below its targets. Here a plan becomes a map projection of the root entity with one
``COLLECT { ... }`` subquery per relationship, nested as deep as the selection goes: the day condition of
each time-bounded relationship written once, and the viewer's scope (``scope/_visible``) on every target, so
that what the viewer may not see is not there, exactly as in the per-field reads. The rows pass the same
masking as every read (``graph/privacy.py: redact``, by each map's ``_label``).

Keys, variables and parameters in the text are generated (``_c1``, ``x1``, ``$d0``); labels and types are
the registry's constants. Nothing from the request is written into the Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from graph.catalog import cypher, fragment
from graph.relationships import BY_KEY, ENTITY, Relationship


@dataclass
class Step:
    """One navigation field under an entity: read into the entity's map under ``key``."""

    rel: Relationship
    day: date
    below: Plan
    key: str = ""


@dataclass
class Plan:
    """What to read below an entity: ``(type name, response key) → Step``."""

    steps: dict[tuple[str, str], Step | None] = field(default_factory=dict)
    """``None``: the key is asked for in two ways that do not merge; its resolver reads it."""
    properties: frozenset[str] | None = frozenset()
    """The properties of the entities that the selection reads (beside ``code``); None: all of them."""

    def read(self, properties: frozenset[str] | None) -> None:
        if self.properties is not None:
            self.properties = None if properties is None else self.properties | properties

    def live(self) -> list[Step]:
        return [s for s in self.steps.values() if s is not None]

    def merge(self, other: Plan) -> None:
        self.read(other.properties)
        for k, step in other.steps.items():
            if k not in self.steps:
                self.steps[k] = step
                continue
            mine = self.steps[k]
            if mine is None or step is None or mine.rel is not step.rel or mine.day != step.day:
                self.steps[k] = None
            else:
                mine.below.merge(step.below)

    def __bool__(self) -> bool:
        return bool(self.live())


Shape = tuple[tuple[str, ...] | None, tuple[tuple[str, int, "Shape"], ...]]
"""A plan as the text of its query sees it: the properties read (None: all), and per step the relationship's
key, the index of its day among the query's days, and the shape below. Requests that differ only in days and
aliases share one text (and so Neo4j's plan cache, and the work of writing it)."""


def _walk(plan: Plan, days: dict[date, int], counter: list[int]) -> Shape:
    """The plan's shape; numbers its steps' keys (``_c1``, ``_c2``, ... depth first) and collects its days."""
    steps = []
    for step in plan.live():
        counter[0] += 1
        step.key = f"_c{counter[0]}"
        day = days.setdefault(step.day, len(days))
        steps.append((step.rel.key, day, _walk(step.below, days, counter)))
    properties = None if plan.properties is None else tuple(sorted(plan.properties - {"code"}))
    return properties, tuple(steps)


def _params(plan: Plan) -> tuple[Shape, dict[str, Any]]:
    days: dict[date, int] = {}
    shape = _walk(plan, days, [0])
    return shape, {f"d{i}": day for day, i in days.items()}


def _projection(var: str, label: str, shape: Shape, indent: str, counter: list[int]) -> str:
    """``var {.*, _label: ..., _c1: COLLECT {...}, ...}``, numbered as :func:`_walk` numbers the steps."""
    properties, steps = shape
    read = [".*"] if properties is None else [".code", *(f".{p}" for p in properties)]
    parts = [*read, f"_label: {label}"]
    for key, day, below in steps:
        rel = BY_KEY[key]
        counter[0] += 1
        n = counter[0]
        target, rel_var, inner = f"x{n}", f"r{n}", indent + "  "
        match = rel.match(var, target, rel_var, f"$d{day}").replace("\n", "\n" + inner)
        limit = "" if rel.many else " LIMIT 1"
        body = _projection(target, rel.label_expr(target), below, inner, counter)
        parts.append(
            f"_c{n}: COLLECT {{\n{inner}{match}\n{inner}WITH DISTINCT {target}\n"
            f"{inner}RETURN {body} AS item ORDER BY {target}.code{limit}\n{indent}}}"
        )
    return f"{var} {{" + ", ".join(parts) + "}"


ANY_LABEL = f"[l IN labels(n) WHERE l <> '{ENTITY}'][0]"


def entities_query(plan: Plan) -> tuple[str, dict[str, Any]]:
    """Entities by ``$codes`` (any type) visible to the viewer, each with the plan's relationships: rows
    ``{node}`` as ``common/get_entities`` gives them, and the nested maps under the steps' keys."""
    shape, params = _params(plan)
    return _entities_text(shape), params


@lru_cache(maxsize=1024)
def _entities_text(shape: Shape) -> str:
    body = _projection("n", ANY_LABEL, shape, "  ", [0])
    return "\n".join(
        (
            "// Compiled: entities by code with the relationships the request selects (graph/compiler.py).",
            "UNWIND $codes AS code",
            "MATCH (n:Entity {code: code})",
            "WHERE " + fragment("scope/_visible", "n"),
            f"RETURN {body} AS node",
        )
    )


def page_query(page: str, count: str | None, plan: Plan) -> tuple[str, dict[str, Any]]:
    """A catalogued page (rows ``{node}`` in page order) with the plan's relationships under each node, and
    the catalogued count beside it when asked: one row ``{nodes, total}``."""
    shape, params = _params(plan)
    return _page_text(page, count, shape), params


@lru_cache(maxsize=1024)
def _page_text(page: str, count: str | None, shape: Shape) -> str:
    body = _projection("n", ANY_LABEL, shape, "    ", [0])
    lines = [
        "// Compiled: a page of entities with the relationships the request selects (graph/compiler.py).",
        "CALL () {",
        cypher(page),
        "}",
        "WITH collect(node) AS page",
        "CALL (page) {",
        "  UNWIND range(0, size(page) - 1) AS i",
        "  MATCH (n:Entity {code: page[i].code})",
        "  WITH i, n ORDER BY i",
        f"  RETURN collect({body}) AS nodes",
        "}",
    ]
    if count is not None:
        lines += ["CALL () {", cypher(count), "}", "RETURN nodes, value AS total"]
    else:
        lines.append("RETURN nodes, null AS total")
    return "\n".join(lines)
