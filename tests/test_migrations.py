"""Migrations: every constraint and index in place, applied once, and the constraints really bite."""

from __future__ import annotations

import asyncio

import neo4j
import pytest
from neo4j.exceptions import ConstraintError

from graph.driver import Graph
from graph.migrations import available, migrate

ENTITY_LABELS = ["County", "Street", "Community", "Grid", "Area", "Compound", "Building", "Household", "Person",
                 "PartyOrganization", "Post", "Unit", "TaskForce", "VolunteerTeam", "Venue", "SelfGovernanceBody",
                 "DeliberationPlatform", "Grant", "Wish", "WishEvent", "MicroProject", "Milestone", "ServiceRecord",
                 "Commendation", "Matter", "MatterStep"]  # fmt: skip


def test_every_entity_label_has_a_unique_code(db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes[0] AS label, properties AS props"
    )
    unique = {r["label"] for r in records if r["props"] == ["code"]}
    assert {"Entity", *ENTITY_LABELS} <= unique


def test_migrations_are_recorded_once_and_rerunning_applies_nothing(seeded) -> None:
    async def rerun() -> list:
        graph = Graph.from_settings(seeded)
        try:
            return await migrate(graph)
        finally:
            await graph.close()

    assert asyncio.run(rerun()) == []
    driver = neo4j.GraphDatabase.driver(seeded.neo4j_uri, auth=(seeded.neo4j_user, seeded.neo4j_password))
    with driver:
        records, _, _ = driver.execute_query("MATCH (m:Migration) RETURN m.version AS v ORDER BY v")
    assert [r["v"] for r in records] == [m.version for m in available()]


def test_a_duplicate_code_is_refused(db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query("MATCH (g:Grid) RETURN g.code AS code LIMIT 1")
    code = records[0]["code"]
    with pytest.raises(ConstraintError):
        db.execute_query("CREATE (:Entity:Grid {code: $code, name: 'duplicate'})", code=code)
    # A different label with the same code is refused too: codes are unique across the graph.
    with pytest.raises(ConstraintError):
        db.execute_query("CREATE (:Entity:Unit {code: $code, name: 'duplicate'})", code=code)
    records, _, _ = db.execute_query("MATCH (n:Entity {code: $code}) RETURN count(n) AS n", code=code)
    assert records[0]["n"] == 1


def test_full_text_indexes_are_online(db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query("SHOW FULLTEXT INDEXES YIELD name, state RETURN name, state")
    states = {r["name"]: r["state"] for r in records}
    assert states == {"person_name": "ONLINE", "household_address": "ONLINE", "entity_name": "ONLINE"}
