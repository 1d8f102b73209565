"""Small worlds of their own for tests that write: entities whose codes start with a prefix, made before a
test, removed after it with their audit records and idempotency keys, so the planted data set stays as
it was (and the world checks that the graph's totals are back where they began)."""

from __future__ import annotations

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
CALL () { MATCH (k:IdempotencyKey) WHERE k.key STARTS WITH $p DELETE k }
CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH $p DETACH DELETE n }
"""


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
        db.execute_query(CLEAN_UP, p=prefix)
    assert totals(db, prefix) == before, "the test's entities, audit records or keys were not all removed"
