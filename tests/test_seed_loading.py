"""Loading is idempotent: a second load of the same data set changes no count, and ensure_loaded respects it."""

from __future__ import annotations

import asyncio
from typing import Any

from graph.driver import Graph
from seeds.dataset import Dataset
from seeds.loader import DatasetMismatch, ensure_loaded, load

COUNTS = """
CALL () { MATCH (n) RETURN count(n) AS nodes, sum(size(keys(n))) AS nodeProperties, sum(size(labels(n))) AS labels }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships, sum(size(keys(r))) AS relationshipProperties }
RETURN nodes, nodeProperties, labels, relationships, relationshipProperties
"""


def counts(db: Any) -> dict[str, int]:
    return db.execute_query(COUNTS).records[0].data()


def test_loading_twice_changes_nothing(db, graph_settings, ground_truth, dataset):
    before = counts(db)

    async def run() -> Any:
        graph = Graph.from_settings(graph_settings)
        try:
            return await load(graph, dataset)
        finally:
            await graph.close()

    report = asyncio.run(run())
    assert counts(db) == before
    assert report.nodes == ground_truth["nodeCounts"]
    assert report.relationships == ground_truth["relationshipCounts"]
    assert report.fingerprint == ground_truth["fingerprint"]
    assert report.seconds > 0


def test_ensure_loaded_does_not_load_again_and_refuses_another_scale(db, graph_settings):
    before = counts(db)

    async def run() -> tuple[bool, str]:
        graph = Graph.from_settings(graph_settings)
        try:
            loaded = await ensure_loaded(graph, 1)
            try:
                await ensure_loaded(graph, 2)
            except DatasetMismatch as error:
                return loaded, str(error)
            return loaded, ""
        finally:
            await graph.close()

    loaded, error = asyncio.run(run())
    assert loaded is False
    assert "scale 1" in error and "not 2" in error
    assert counts(db) == before


def test_a_time_bounded_relationship_is_keyed_by_its_start(db):
    # An ended pairing and a later re-pairing of the same two nodes are two relationships.
    pairs = db.execute_query(
        """MATCH (p:Person)-[r:PAIRED_WITH]->(h:Household)
        WITH p, h, collect(r) AS rels WHERE size(rels) > 1
        RETURN count(*) AS pairs, min(size(rels)) AS least"""
    ).records[0]
    assert pairs["pairs"] > 0 and pairs["least"] == 2


def test_another_version_of_the_data_set_is_not_mixed_into_a_loaded_one(db, graph_settings, dataset):
    before = counts(db)
    # A copy of the session's data set with one compound renamed (the shared one stays as generated).
    first, *rest = dataset.nodes["Compound"]
    compounds = [{**first, "name": first["name"] + "（改）"}, *rest]
    changed = Dataset(dataset.scale, dataset.seed, {**dataset.nodes, "Compound": compounds}, dataset.rels)

    async def run() -> str:
        graph = Graph.from_settings(graph_settings)
        try:
            await load(graph, changed)
        except DatasetMismatch as error:
            return str(error)
        finally:
            await graph.close()
        return ""

    assert "another version" in asyncio.run(run())
    assert counts(db) == before
    records = db.execute_query("MATCH (c:Compound {code: $code}) RETURN c.name AS name", code=first["code"]).records
    assert records[0]["name"] == first["name"]
