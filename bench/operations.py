"""The canonical operations the benchmark times: each a GraphQL request and the raw Cypher for the same answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import neo4j

from graph.catalog import cypher

Params = dict[str, Any]


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    variables: Callable[[Params], dict[str, Any]]
    cypher: tuple[str, ...]
    """The raw side: hand-written queries that fetch the same answer (run one after the other)."""
    cypher_params: Callable[[Params], dict[str, Any]] = field(default=lambda p: p)
    database: str = "neo4j"


def pick_parameters(driver: neo4j.Driver) -> Params:
    """The entities the operations are about: the busiest grid, unit and a household with a full chain."""
    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        row = session.run(cypher("bench/pick_parameters")).single()
    assert row is not None, "the data set is not loaded"
    return {**row.data(), "asOf": date.today()}


OPERATIONS: list[Operation] = []
