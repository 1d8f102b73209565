"""The Cypher catalog: every query lives in ``graph/queries/<domain>/<verb>_<noun>.cypher``.

Each file starts with a one-line ``//`` comment saying what it answers, and takes parameters only
(``$code``), never string formatting. Code asks for a query by name, e.g. ``cypher("territory/get_streets")``.

A rule that several queries apply (the five-haves stage of a compound) is written once, in a fragment
whose name starts with ``_``, and pulled in where it is needed by a line ``// #include domain/_fragment``
(the fragment's leading ``//`` comment lines are dropped, its lines take the include's indentation).
A fragment that is a condition on a variable declares it on a line ``// #params node`` and is included
with the query's own variable: ``// #include scope/_visible(h)`` (whole words ``node`` become ``h``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


class UnknownQuery(LookupError):
    pass


_INCLUDE = re.compile(r"^(?P<indent>[ \t]*)// #include (?P<name>[\w/]+)(?:\((?P<args>[\w, ]*)\))?[ \t]*$", re.MULTILINE)
_PARAMS = re.compile(r"^[ \t]*// #params (?P<names>[\w, ]+)$", re.MULTILINE)


@cache
def cypher(name: str) -> str:
    path = QUERIES_DIR / f"{name}.cypher"
    if not path.is_file():
        raise UnknownQuery(f"no catalogued query {name!r} (looked for {path})")
    return _INCLUDE.sub(_included, path.read_text(encoding="utf-8"))


def _included(match: re.Match[str]) -> str:
    args = [a.strip() for a in match["args"].split(",")] if match["args"] else []
    return fragment(match["name"], *args, indent=match["indent"])


def fragment(name: str, *args: str, indent: str = "") -> str:
    """A fragment's text without its leading comment lines, its parameters replaced by ``args``, for an
    include and for queries built in code (``graph/network.py``)."""
    text = cypher(name)
    declared = _PARAMS.search(text)
    params = [p.strip() for p in declared["names"].split(",")] if declared else []
    if len(args) != len(params):
        raise UnknownQuery(f"{name} takes ({', '.join(params)}), given ({', '.join(args)})")
    lines = text.splitlines()
    while lines and lines[0].lstrip().startswith("//"):
        lines.pop(0)
    body = "\n".join(indent + line if line else line for line in lines)
    for param, arg in zip(params, args, strict=True):
        body = re.sub(rf"\b{param}\b", arg, body)
    return body


def names() -> list[str]:
    """Every catalogued query (fragments aside), for tests that EXPLAIN them all against the real Neo4j."""
    return sorted(
        p.relative_to(QUERIES_DIR).with_suffix("").as_posix()
        for p in QUERIES_DIR.rglob("*.cypher")
        if not p.name.startswith("_")
    )
