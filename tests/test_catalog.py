"""Every catalogued Cypher query parses and plans against the real Neo4j, and says what it is for."""

from __future__ import annotations

import neo4j
import pytest

from graph.catalog import cypher, names


@pytest.mark.parametrize("name", names())
def test_query_plans(db: neo4j.Driver, name: str) -> None:
    text = cypher(name)
    assert text.startswith("// "), f"{name}.cypher must start with a one-line // comment saying what it answers"
    with db.session(notifications_min_severity="OFF") as session:
        session.run("EXPLAIN " + text).consume()
