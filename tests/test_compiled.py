"""Compiled entity reads (``graph/compiler.py``): a look-up or a page reads everything its selection navigates
in one query, and answers exactly what the field-by-field resolvers answer, for every role.

The generated selections (hypothesis) come from the schema itself, as in ``test_authorization_fuzz.py``:
random nested fields with fragments, aliases and ``asOf`` arguments under the look-ups and the entity pages
(``ROOTS``), each run twice as the same viewer, compiled and not, and the two answers compared whole (data and
errors).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.node import ENTITY_TYPES
from graph.driver import Graph, count_queries
from graph.relationships import RELATIONSHIPS, navigation_query
from graph.scope import Role, Viewer
from schema.api import schema
from schema.context import Context
from tests import test_authorization_fuzz as fuzz
from tests.test_authorization_fuzz import GQL, Writer, _named

# The fuzz test's fixtures: the graph dumped for the oracle, one viewer per role, codes from all over the county.
oracle, cases, pool = fuzz.oracle, fuzz.cases, fuzz.pool

EXAMPLES = int(os.environ.get("COMPILED_EXAMPLES", "60"))

HOUSEHOLD = """query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Household {
  code address
  building { code name compound { code name area { code name grid { code name } } } }
  residents { code name }
  pairedMembers(asOf: $asOf) { code name } } } }"""

UNITS = """query ($asOf: Date) { units(first: 20) { totalCount pageInfo { hasNextPage endCursor }
  nodes { code name kind areas(asOf: $asOf) { code name grid { code name } } } } }"""


@pytest.fixture(scope="module")
def run(seeded) -> Iterator[Any]:
    """Run a query in-process as a viewer, compiled or field by field; the answer and its round trips."""
    loop = asyncio.new_event_loop()
    graph = Graph.from_settings(seeded)

    async def execute(query: str, variables: dict[str, Any], viewer: Viewer, compiled: bool) -> Any:
        ctx = Context(graph=graph, viewer=viewer, compiled_reads=compiled)
        result = await schema.execute(query, variable_values=variables, context_value=ctx)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        await asyncio.gather(*pending, return_exceptions=True)
        return result

    def go(query: str, variables: dict[str, Any] | None = None, viewer: Viewer | None = None, compiled: bool = True):
        with count_queries() as counter:
            result = loop.run_until_complete(execute(query, variables or {}, viewer or Viewer.county(), compiled))
        return result, counter.count

    try:
        yield go
    finally:
        loop.run_until_complete(graph.close())
        loop.close()


def _answer(result: Any) -> Any:
    if result.data is None:
        # A failing non-null root field nulls the whole answer, and graphql-core reports only the root field
        # that failed first: when several fail (two scopes out of reach), which one is a race on either side,
        # so its message may differ (seen in CI). Both sides must still refuse the whole request.
        assert result.errors, "no data and no error"
        return None, "refused"
    return result.data, sorted((e.message, tuple(e.path or ())) for e in result.errors or [])


@pytest.fixture(scope="module")
def household(ground_truth) -> str:
    return ground_truth["samples"]["fullChain"]["household"]


def test_household_detail_answers_as_the_resolvers_do(run, household) -> None:
    compiled, trips = run(HOUSEHOLD, {"code": household, "asOf": "2026-11-01"})
    plain, plain_trips = run(HOUSEHOLD, {"code": household, "asOf": "2026-11-01"}, compiled=False)
    assert compiled.errors is None, compiled.errors
    assert (trips, plain_trips) == (1, 7)  # the entity, then one loader per field and level
    assert compiled.data == plain.data
    assert compiled.data["byCode"]["residents"]


def test_page_of_units_answers_as_the_resolvers_do(run) -> None:
    compiled, trips = run(UNITS, {"asOf": "2026-11-01"})
    plain, plain_trips = run(UNITS, {"asOf": "2026-11-01"}, compiled=False)
    assert compiled.errors is None, compiled.errors
    assert (trips, plain_trips) == (1, 4)  # the page, its count, the areas, their grids
    assert compiled.data == plain.data


def test_the_next_page_follows_the_cursor(run) -> None:
    first, _ = run(UNITS, {})
    after = first.data["units"]["pageInfo"]["endCursor"]
    query = UNITS.replace("units(first: 20)", "units(first: 20, after: $after)").replace(
        "($asOf: Date)", "($asOf: Date, $after: String)"
    )
    second, trips = run(query, {"after": after})
    plain, _ = run(query, {"after": after}, compiled=False)
    assert trips == 1 and second.data == plain.data
    assert second.data["units"]["nodes"][0]["code"] > first.data["units"]["nodes"][-1]["code"]


def test_out_of_scope_targets_are_not_there(run, household, viewer_of, ground_truth) -> None:
    """A grid's viewer sees the household's chain up to its grid, not the street above its territory's
    roots' ancestors' pairings; whatever it sees, it sees the same compiled and not."""
    sample = ground_truth["samples"]["fullChain"]
    other_grid = viewer_of(Role.GRID, _another_grid(run, sample["grid"]))
    own_grid = viewer_of(Role.GRID, sample["grid"])
    for viewer in (own_grid, other_grid, viewer_of(Role.ANALYST)):
        compiled, _trips = run(HOUSEHOLD, {"code": household}, viewer)
        plain, _ = run(HOUSEHOLD, {"code": household}, viewer, compiled=False)
        assert _answer(compiled) == _answer(plain)
    hidden, _ = run(HOUSEHOLD, {"code": household}, other_grid)
    assert hidden.data == {"byCode": None}
    masked, _ = run(HOUSEHOLD, {"code": household}, viewer_of(Role.ANALYST))
    assert masked.data["byCode"]["address"].endswith("****")
    assert all(p["name"].endswith("*") for p in masked.data["byCode"]["residents"])


def _another_grid(run, grid: str) -> str:
    result, _ = run("{ grids(first: 2) { nodes { code } } }")
    return next(g["code"] for g in result.data["grids"]["nodes"] if g["code"] != grid)


def test_every_relationship_is_one_field_of_its_type() -> None:
    """The registry and the schema agree: each declared relationship is the resolver of the field it names."""
    from resolvers.compiled import _fields

    declared = {(r.source, r.field) for r in RELATIONSHIPS}
    used = {(rel.source, rel.field) for rel, _ in _fields().values()}
    assert used == declared
    for (type_name, _), (rel, _) in _fields().items():
        assert type_name == rel.source and type_name in ENTITY_TYPES


@pytest.mark.parametrize("rel", RELATIONSHIPS, ids=lambda r: r.key)
def test_navigation_queries_plan(db, rel) -> None:
    with db.session(notifications_min_severity="OFF") as session:
        session.run("EXPLAIN " + navigation_query(rel.key)).consume()


# ---------------------------------------------------------------- generated selections


class AliasingWriter(Writer):
    """The fuzz test's writer, with aliases: a field is sometimes asked twice under two names (on other days)."""

    def fields(self, named: Any, depth: int) -> str:
        text = super().fields(named, depth)
        navigable = [n for n, f in named.fields.items() if not f.args.get("first") and not _leaf(f) and n != "node"]
        if navigable and depth < 3 and self.draw(st.booleans()):
            name = self.choice(sorted(navigable))
            field = named.fields[name]
            args = self.arguments(field)
            if args != "!":
                text += f" again_{name}: {name}{args} {self.selection(field.type, depth + 1)}"
        return text


def _leaf(field: Any) -> bool:
    from graphql import GraphQLEnumType, GraphQLScalarType

    return isinstance(_named(field.type), (GraphQLScalarType, GraphQLEnumType))


ROOTS = (
    "byCode",
    "node",
    "nodes",
    "units",
    "grids",
    "cadres",
    "redStewards",
    "partyOrganizations",
    "county",
    "streets",
)


@st.composite
def entity_queries(draw: Any, pool: list[str], oracle: Any) -> str:
    writer = AliasingWriter(draw, pool, oracle)
    root = GQL.query_type
    parts = []
    for i, name in enumerate(draw(st.lists(st.sampled_from(ROOTS), min_size=1, max_size=2))):
        field = root.fields[name]
        if name == "byCode":
            args = f'(code: "{writer.code()}")'
        elif name == "units":
            args = f"(first: {draw(st.integers(1, 6))})"
        else:
            args = writer.arguments(field)
        parts.append(f"f{i}: {name}{args} {writer.selection(field.type, 1)}")
    return "{ " + " ".join(parts) + " }"


@pytest.mark.parametrize("role", ["COUNTY", "GRID", "MEMBER", "ANALYST"])
def test_compiled_answers_equal_the_resolvers(role, run, pool, oracle, viewer_of, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    if role == "GRID":
        viewer = viewer_of(Role.GRID, sample["grid"])
    elif role == "MEMBER":
        records, _, _ = db.execute_query(
            """MATCH (p:Person {isPartyMember: true})-[r:PAIRED_WITH]->(:Household)
               WHERE r.validTo IS NULL RETURN p.code AS member ORDER BY p.code LIMIT 1"""
        )
        viewer = viewer_of(Role.MEMBER, sub=records[0]["member"])
    else:
        viewer = viewer_of(Role(role))
    answered, fewer = [], []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(query=entity_queries(pool, oracle))
    def check(query: str) -> None:
        compiled, trips = run(query, viewer=viewer)
        plain, plain_trips = run(query, viewer=viewer, compiled=False)
        assert _answer(compiled) == _answer(plain), query
        # A compiled root field is one query of its own where look-ups without a selection below them share
        # one batch: at most one round trip more per root field, and most often fewer.
        if not plain.errors:  # (an error may cut the rest of a request short, sooner or later)
            assert trips <= plain_trips + len(re.findall(r"\bf\d: ", query)), query
        if compiled.data and any(compiled.data.values()):
            answered.append(query)
        if trips < plain_trips and not plain.errors:
            fewer.append(query)

    check()
    assert len(answered) > EXAMPLES // 4, f"{role}: only {len(answered)} of {EXAMPLES} answered with data"
    # The generator reached compiled reads, not only look-ups with nothing below them.
    assert len(fewer) > EXAMPLES // 10, f"{role}: only {len(fewer)} of {EXAMPLES} compiled anything"
