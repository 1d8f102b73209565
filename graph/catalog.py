"""The Cypher catalog: every query lives in ``graph/queries/<domain>/<verb>_<noun>.cypher``.

Each file starts with a one-line ``//`` comment saying what it answers, and takes parameters only
(``$code``), never string formatting. Code asks for a query by name, e.g. ``cypher("territory/get_streets")``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


class UnknownQuery(LookupError):
    pass


@cache
def cypher(name: str) -> str:
    path = QUERIES_DIR / f"{name}.cypher"
    if not path.is_file():
        raise UnknownQuery(f"no catalogued query {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    """Every catalogued query, for tests that EXPLAIN them all against the real Neo4j."""
    return sorted(p.relative_to(QUERIES_DIR).with_suffix("").as_posix() for p in QUERIES_DIR.rglob("*.cypher"))
