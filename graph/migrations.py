"""Versioned schema migrations: ``graph/migrations/NNNN_<name>.cypher``, applied once each, in order.

Each file holds schema statements separated by ``;`` (written ``IF NOT EXISTS``, so a half-applied
step can simply run again). An applied step is recorded as ``(:Migration {version, name, appliedAt})``.
Schema statements cannot share a transaction with data writes, so each runs on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.driver import Graph

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def available() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.cypher")):
        match = re.fullmatch(r"(\d{4})_(\w+)\.cypher", path.name)
        if not match:
            raise ValueError(f"migration file {path.name} is not named NNNN_name.cypher")
        body = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("//"))
        statements = tuple(s.strip() for s in body.split(";") if s.strip())
        found.append(Migration(int(match.group(1)), match.group(2), statements))
    return found


async def migrate(graph: Graph) -> list[Migration]:
    """Apply the migrations this database has not had yet; return those applied now."""
    rows = await graph.write("MATCH (m:Migration) RETURN m.version AS version")
    done = {r["version"] for r in rows}
    applied = []
    for migration in available():
        if migration.version in done:
            continue
        for statement in migration.statements:
            await graph.write(statement)
        await graph.write(
            "MERGE (m:Migration {version: $version}) ON CREATE SET m.name = $name, m.appliedAt = datetime()",
            {"version": migration.version, "name": migration.name},
        )
        applied.append(migration)
    await graph.write("CALL db.awaitIndexes(300)")
    return applied


async def pending(graph: Graph) -> list[Migration]:
    """The migrations this database has not had yet (a read: it changes nothing)."""
    rows = await graph.read("MATCH (m:Migration) RETURN m.version AS version")
    done = {r["version"] for r in rows}
    return [m for m in available() if m.version not in done]
