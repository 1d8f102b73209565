"""Generated queries per role: random nested selections over the whole schema, with random ids from all over
the county, run as each role. No response ever shows an entity outside the role's scope (by its code, its
global id, or its code quoted in any text, an error or the audit trail included), and the analyst never
sees a personal field unmasked.

Queries per role: 100 by default (what the suite and CI run on every change), 2,000 with ``TEST_PROFILE=nightly``
(the nightly run, or a longer run by hand), or ``AUTHZ_FUZZ_EXAMPLES``. The oracle is ``tests/authz_oracle.py``:
the rules worked out in Python from a dump of the graph, not the Cypher the API runs.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import ids
from graph.driver import Graph
from graph.privacy import WITHHELD
from graph.rules import county_today
from graph.scope import Role, Viewer
from schema.api import schema
from schema.context import Context
from tests.authz_oracle import Graph as Oracle

EXAMPLES = int(os.environ.get("AUTHZ_FUZZ_EXAMPLES", "2000" if os.environ.get("TEST_PROFILE") == "nightly" else "100"))
CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}(?:\d{2,}|-[0-9A-F]{16})(?![A-Za-z0-9])")
SKIPPED_ROOTS = {"health"}
DAYS = ["2025-06-30", "2026-05-14", "2026-07-01", "2026-11-01"]
MAX_DEPTH = 4


@dataclass
class Case:
    name: str
    viewer: Viewer
    visible: set[str]


# ---------------------------------------------------------------- the cases: one viewer per role


@pytest.fixture(scope="module")
def oracle(db: neo4j.Driver) -> Oracle:
    return Oracle.dump(db)


@pytest.fixture(scope="module")
def cases(oracle: Oracle, db: neo4j.Driver, viewer_of, ground_truth) -> dict[str, Case]:
    today = county_today()
    everything = set(oracle.label)
    sample = ground_truth["samples"]["fullChain"]
    records, _, _ = db.execute_query(
        """MATCH (p:Person {isPartyMember: true})-[r:PAIRED_WITH]->(:Building)
           WHERE r.validTo IS NULL RETURN p.code AS member ORDER BY p.code LIMIT 1"""
    )
    member = records[0]["member"]
    records, _, _ = db.execute_query(
        """MATCH (p:Person)-[:RESIDES_IN]->(h:Household)<-[:FOR]-(:Wish)
           RETURN p.code AS resident ORDER BY p.code LIMIT 1"""
    )
    resident = records[0]["resident"]
    grid, community = sample["grid"], sample["community"]
    return {
        "COUNTY": Case("COUNTY", viewer_of(Role.COUNTY), everything),
        "STREET": Case("STREET", viewer_of(Role.STREET, "ST01"), oracle.territory_view({"ST01"}, today)),
        "COMMUNITY": Case("COMMUNITY", viewer_of(Role.COMMUNITY, community), oracle.territory_view({community}, today)),
        "GRID": Case("GRID", viewer_of(Role.GRID, grid), oracle.territory_view({grid}, today)),
        "MEMBER": Case("MEMBER", viewer_of(Role.MEMBER, sub=member), oracle.member_view(member, today)),
        "RESIDENT": Case("RESIDENT", viewer_of(Role.RESIDENT, sub=resident), oracle.resident_view(resident)),
        "ANALYST": Case("ANALYST", viewer_of(Role.ANALYST), everything),
    }


@pytest.fixture(scope="module")
def pool(oracle: Oracle, cases: dict[str, Case]) -> list[str]:
    """Codes to ask about: some of every kind, from inside every case's scope and from all over the county."""
    rng = random.Random(7)
    by_label: dict[str, list[str]] = {}
    for code, label in oracle.label.items():
        by_label.setdefault(label, []).append(code)
    chosen: set[str] = set()
    for codes in by_label.values():
        chosen.update(rng.sample(sorted(codes), min(len(codes), 15)))
    for case in cases.values():
        if case.visible is not None and len(case.visible) < len(oracle.label):
            chosen.update(rng.sample(sorted(case.visible), min(len(case.visible), 60)))
    return sorted(chosen)


@pytest.fixture(scope="module")
def runner(seeded) -> Iterator[Any]:
    """Run queries in-process on one event loop and one driver (fast: no HTTP, one connection pool)."""
    loop = asyncio.new_event_loop()
    graph = Graph.from_settings(seeded)

    async def execute(query: str, viewer: Viewer) -> Any:
        result = await schema.execute(query, context_value=Context(graph=graph, viewer=viewer))
        # A field that fails may leave its siblings' reads running: let them finish (and give their
        # connections back) before the next query, as a server's loop would.
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        await asyncio.gather(*pending, return_exceptions=True)
        return result

    def run(query: str, viewer: Viewer) -> Any:
        return loop.run_until_complete(execute(query, viewer))

    try:
        yield run
    finally:
        loop.run_until_complete(graph.close())
        loop.close()


# ---------------------------------------------------------------- generating queries


GQL = schema._schema  # graphql-core's schema, for the types and their fields


def _named(t: Any) -> Any:
    while isinstance(t, (GraphQLNonNull, GraphQLList)):
        t = t.of_type
    return t


class Writer:
    """Builds one query from hypothesis's draws."""

    def __init__(self, draw: Any, pool: list[str], oracle: Oracle) -> None:
        self.draw = draw
        self.pool = pool
        self.oracle = oracle

    def choice(self, options: list[Any]) -> Any:
        return self.draw(st.sampled_from(options))

    def code(self) -> str:
        return self.choice(self.pool)

    def global_id(self) -> str:
        code = self.code()
        return ids.encode(self.oracle.label[code], code)

    def value(self, name: str, t: Any) -> str | None:
        """A literal for an argument, or None to leave an optional one out."""
        required = isinstance(t, GraphQLNonNull)
        if not required and self.draw(st.booleans()):
            return None
        inner = t.of_type if required else t
        if isinstance(inner, GraphQLList):
            item = _named(inner)
            if item.name == "ID":
                return "[" + ", ".join(f'"{self.global_id()}"' for _ in range(self.draw(st.integers(1, 4)))) + "]"
            if isinstance(item, GraphQLEnumType):
                return "[" + self.choice(list(item.values)) + "]"
            return None if not required else "[]"
        named = _named(inner)
        if isinstance(named, GraphQLEnumType):
            return self.choice(list(named.values))
        if isinstance(named, GraphQLInputObjectType):
            return None
        kind = named.name
        if kind == "ID":
            return f'"{self.global_id()}"'
        if kind == "Date":
            return f'"{self.choice(DAYS)}"'
        if kind == "Boolean":
            return self.choice(["true", "false"])
        if kind == "Int":
            ranges = {"first": (1, 4), "depth": (1, 2), "limit": (1, 40), "year": (2025, 2026)}
            low, high = ranges.get(name, (1, 3))
            return str(self.draw(st.integers(low, high)))
        if kind == "String":
            if name == "after":
                return None
            if name == "text":
                code = self.code()
                return f'"{self.choice([code, code[:3], "福乐", "张", "3号楼"])}"'
            if name == "actor":
                return f'"{self.choice(["PS000001", "COUNTY@CT01", self.code()])}"'
            return f'"{self.code()}"'
        return None

    def arguments(self, field: GraphQLField) -> str:
        parts = []
        for name, arg in field.args.items():
            literal = self.value(name, arg.type)
            if literal is None and isinstance(arg.type, GraphQLNonNull):
                return "!"  # cannot call this field
            if literal is not None:
                parts.append(f"{name}: {literal}")
        return f"({', '.join(parts)})" if parts else ""

    def selection(self, t: Any, depth: int) -> str:
        named = _named(t)
        if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
            return ""
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            possible = list(GQL.get_possible_types(named))
            parts = ["__typename"]
            if isinstance(named, GraphQLInterfaceType):
                parts.append(self.fields(named, depth))
            for option in self.draw(st.lists(st.sampled_from(possible), max_size=2, unique_by=lambda o: o.name)):
                parts.append(f"... on {option.name} {{ {self.fields(option, depth)} }}")
            return "{ " + " ".join(parts) + " }"
        return "{ " + self.fields(named, depth) + " }"

    def fields(self, named: Any, depth: int) -> str:
        fields = named.fields
        parts = ["__typename"]
        always = [n for n in ("code", "id") if n in fields]
        names = sorted(fields)
        picked = self.draw(st.lists(st.sampled_from(names), min_size=1, max_size=5, unique=True))
        for name in dict.fromkeys(always + picked):
            field = fields[name]
            inner = _named(field.type)
            leaf = isinstance(inner, (GraphQLScalarType, GraphQLEnumType))
            if not leaf and depth >= MAX_DEPTH:
                continue
            args = self.arguments(field)
            if args == "!":
                continue
            parts.append(f"{name}{args} {self.selection(field.type, depth + 1)}".strip())
        return " ".join(parts)


@st.composite
def queries(draw: Any, pool: list[str], oracle: Oracle) -> str:
    writer = Writer(draw, pool, oracle)
    root = GQL.query_type
    names = sorted(n for n in root.fields if n not in SKIPPED_ROOTS)
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    parts = []
    for i, name in enumerate(chosen):
        field = root.fields[name]
        args = writer.arguments(field)
        if args == "!":
            args = ""
            if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
                continue
        parts.append(f"f{i}: {name}{args} {writer.selection(field.type, 1)}".strip())
    return "{ " + (" ".join(parts) or "__typename") + " }"


# ---------------------------------------------------------------- what a response may show


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for v in value:
            yield from _objects(v)
    elif isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _objects(v)


def check(case: Case, query: str, result: Any) -> None:
    asked = set(CODE.findall(query)) | {code for gid in re.findall(r'"([A-Za-z0-9+/=]{8,})"', query)
                                        for code in _decoded(gid)}  # fmt: skip
    shown: set[str] = set()
    for obj in _objects(result.data):
        for key in ("id", "source", "target"):
            if isinstance(obj.get(key), str):
                shown.update(_decoded(obj[key]))
    for text in _strings(result.data):
        shown.update(CODE.findall(text))
    leaked = {c for c in shown if c not in case.visible}
    assert not leaked, f"{case.name} saw {sorted(leaked)[:5]} in {query}"
    for error in result.errors or []:
        quoted = set(CODE.findall(error.message)) - asked
        assert not quoted - case.visible, f"{case.name}: an error named {quoted} in {query}: {error.message}"
        assert "Traceback" not in error.message
        assert error.message != "Unexpected error.", f"{case.name}: {query}"
    if not case.viewer.sees_personal_data:
        for obj in _objects(result.data):
            _check_masked(obj, query)


def _decoded(global_id: str) -> set[str]:
    try:
        return {ids.decode(global_id)[1]}
    except Exception:
        return set()


def _check_masked(obj: dict[str, Any], query: str) -> None:
    kind = obj.get("__typename")
    if kind == "Person":
        if obj.get("name"):
            assert re.fullmatch(r".\*+", obj["name"]), (obj, query)
        if obj.get("phone"):
            assert re.fullmatch(r"\d{3}\*{4}\d{4}", obj["phone"]), (obj, query)
        if obj.get("idNumber"):
            assert obj["idNumber"].count("*") >= 8, (obj, query)
        assert obj.get("specialGroups") in (None, []), (obj, query)
        for personal in ("gender", "birthYear", "occupation"):
            assert obj.get(personal) is None, (obj, query)
    if kind == "Household" and obj.get("address"):
        assert obj["address"].endswith("****"), (obj, query)
    if kind == "Wish":
        assert obj.get("title") in (None, WITHHELD), (obj, query)
        assert obj.get("description") in (None, WITHHELD), (obj, query)
        assert obj.get("category") is None, (obj, query)
    if kind == "NetworkNode" and obj.get("kind") == "PERSON" and obj.get("label"):
        assert re.fullmatch(r".\*+", obj["label"]) or CODE.fullmatch(obj["label"]), (obj, query)
    if kind == "NetworkNode" and obj.get("kind") == "HOUSEHOLD" and obj.get("label"):
        assert obj["label"].endswith("****") or CODE.fullmatch(obj["label"]), (obj, query)


# ---------------------------------------------------------------- the test


@pytest.mark.parametrize("role", ["COUNTY", "STREET", "COMMUNITY", "GRID", "MEMBER", "RESIDENT", "ANALYST"])
def test_generated_queries_show_nothing_outside_the_scope(role: str, cases, pool, oracle, runner) -> None:
    case = cases[role]
    assert case.visible, role
    if role not in ("COUNTY", "ANALYST"):
        assert len(case.visible) < len(oracle.label), f"{role} must see part of the county, not all of it"
    seen_data = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(query=queries(pool, oracle))
    def run(query: str) -> None:
        result = runner(query, case.viewer)
        if result.data:
            seen_data.append(1)
        check(case, query, result)

    run()
    # The generator reached real data, not only errors.
    assert len(seen_data) > EXAMPLES // 5, f"{role}: only {len(seen_data)} of {EXAMPLES} answered with data"
