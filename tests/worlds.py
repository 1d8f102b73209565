"""Small worlds of their own for tests that write: entities whose codes start with a prefix, made before a
test, removed after it with their audit records and idempotency keys, so the planted data set stays as
it was (and the world checks that the graph's totals are back where they began)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j

TOTALS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (a:AuditRecord) RETURN count(a) AS audits }
CALL () { MATCH (k:IdempotencyKey) RETURN count(k) AS keys }
CALL () {
  MATCH (n:Entity)-[r]-() WHERE n.code STARTS WITH $p
  WITH DISTINCT r ORDER BY elementId(r)
  RETURN collect([type(r), properties(r)]) AS links
}
RETURN nodes, relationships, audits, keys, links
"""

CLEAN_UP = """
CALL () {
  MATCH (a:AuditRecord)-[:CONCERNS]->(n:Entity) WHERE n.code STARTS WITH $p
  DETACH DELETE a
}
// Refused attempts concern no entity: they name the world's codes in their text.
CALL () { MATCH (a:AuditRecord {outcome: 'REFUSED'}) WHERE a.after CONTAINS $p DELETE a }
CALL () { MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $p DELETE k }
CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH $p DETACH DELETE n }
// The coverage aggregate's steps of the world's grids (graph/aggregate.py).
CALL () { MATCH (s:CoverageStep) WHERE s.grid STARTS WITH $p DELETE s }
"""


SETTINGS: Any = None
"""The test database's settings (set by conftest's ``db``), for the clean-ups' aggregate refresh."""

# What a world's entities touch: their codes and their neighbours' (a real building, unit or cadre paired with
# them), whose coverage counts the clean-up changes.
TOUCHED = """
MATCH (n:Entity) WHERE n.code STARTS WITH $p OR n.code IN $made
OPTIONAL MATCH (n)--(m:Entity)
RETURN collect(DISTINCT n.code) + collect(DISTINCT m.code) AS codes
"""


def refresh_coverage(settings: Any, codes: list[str], forgetting: bool = False) -> None:
    """Bring the coverage aggregate up to date for ``codes`` after a test changed their pairings by hand
    (``forgetting``: also drop what it holds of those no longer in the graph)."""
    from graph import aggregate
    from graph.driver import Graph

    async def go() -> None:
        graph = Graph.from_settings(settings)
        try:
            await graph.transaction(lambda tx: aggregate.refresh(tx, codes, forgetting=forgetting))
        finally:
            await graph.close()

    asyncio.run(go())


def _touched(db: neo4j.Driver, prefix: str, made: list[str] | None = None) -> list[str]:
    records, _, _ = db.execute_query(TOUCHED, p=prefix, made=made or [])
    return [c for c in records[0]["codes"] if c is not None]


def _refresh_after(codes: list[str]) -> None:
    if SETTINGS is not None and codes:
        refresh_coverage(SETTINGS, codes, forgetting=True)


def totals(db: neo4j.Driver, prefix: str) -> dict[str, Any]:
    """Everything a change could write: node, relationship, audit and key counts, and the world's links."""
    records, _, _ = db.execute_query(TOTALS, p=prefix)
    return dict(records[0])


@contextmanager
def world(db: neo4j.Driver, prefix: str, cypher: str) -> Iterator[None]:
    """Create the world (``cypher`` with ``$p`` = ``prefix``), run the block, remove everything it made."""
    before = totals(db, prefix)
    db.execute_query(cypher, p=prefix)
    try:
        yield
    finally:
        touched = _touched(db, prefix)
        db.execute_query(CLEAN_UP, p=prefix)
        _refresh_after(touched)
    assert totals(db, prefix) == before, "the test's entities, audit records or keys were not all removed"


# ---------------------------------------------------------------- worlds whose tests create entities

# The world, what the API made beside it (hanging off it, or listed in $made), and their parts
# (milestones, matter steps).
MADE = """
CALL () {
  MATCH (w:Entity) WHERE w.code STARTS WITH $p
  OPTIONAL MATCH (w)<-[:AT|OWNED_BY|FOR|BY|TO|FROM|CONCERNS|RAISED_AT]-(n:Entity)
  RETURN collect(w) + collect(n) AS attached
}
CALL () { MATCH (n:Entity) WHERE n.code IN $made RETURN collect(n) AS listed }
UNWIND attached + listed AS n
OPTIONAL MATCH (n)<-[:OF]-(part:Entity)
WITH collect(n) + collect(part) AS all
UNWIND all AS x
WITH DISTINCT x
"""

MADE_TOTALS = (
    """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (a:AuditRecord) RETURN count(a) AS audits }
CALL () { MATCH (k:IdempotencyKey) RETURN count(k) AS keys }
CALL () {"""
    + MADE
    + """
  ORDER BY x.code
  RETURN collect(properties(x)) AS entities
}
RETURN nodes, relationships, audits, keys, entities
"""
)

MADE_CLEAN_UP = (
    MADE
    + """
WITH collect(x) AS doomed
CALL (doomed) { UNWIND doomed AS x MATCH (x)<-[:CONCERNS]-(a:AuditRecord) WITH DISTINCT a DETACH DELETE a }
CALL () { MATCH (a:AuditRecord {outcome: 'REFUSED'}) WHERE a.after CONTAINS $p DELETE a }
CALL () { MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $p DELETE k }
CALL (doomed) { UNWIND doomed AS x DETACH DELETE x }
// The coverage aggregate's steps of the world's grids (graph/aggregate.py).
CALL () { MATCH (s:CoverageStep) WHERE s.grid STARTS WITH $p DELETE s }
"""
)


def made_totals(db: neo4j.Driver, prefix: str, made: list[str] | None = None) -> dict[str, Any]:
    """Node, relationship, audit and key counts, and the properties of every entity of the world or made in it."""
    records, _, _ = db.execute_query(MADE_TOTALS, p=prefix, made=made or [])
    return dict(records[0])


@contextmanager
def world_making(db: neo4j.Driver, prefix: str, cypher: str) -> Iterator[list[str]]:
    """Like :func:`world`, for tests that create entities of their own (codes not under the prefix): the
    block gets a list to add those codes to, and they are removed too, with their parts."""
    before = made_totals(db, prefix)
    db.execute_query(cypher, p=prefix)
    made: list[str] = []
    try:
        yield made
    finally:
        touched = _touched(db, prefix, made)
        db.execute_query(MADE_CLEAN_UP, p=prefix, made=made)
        _refresh_after(touched)
    assert made_totals(db, prefix) == before, "the test's entities, audit records or keys were not all removed"
