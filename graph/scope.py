"""The one place where the caller's scope is applied to reads.

A :class:`Viewer` is who is asking: a role and the territory they may see (``None`` = the whole
county). Until authentication lands every caller is :func:`anonymous` — the whole county, with personal
data masked. Two functions apply a viewer to a read, and every read goes through one of them:

* :func:`resolve_scope` turns a root field's ``scope`` argument into the territory roots an analysis
  counts over, limited to what the viewer may see;
* :func:`visible` drops entity rows the viewer may not see; the per-request loaders pass every row
  they return through it.

Authorization is then a change here (and in how the viewer is built from a request), not in queries.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.driver import Graph


class Role(enum.Enum):
    COUNTY = "county"
    COMMUNITY = "community"
    GRID = "grid"
    MEMBER = "member"
    RESIDENT = "resident"
    ANALYST = "analyst"


# Who works with residents in person (visits, wishes, services) and so needs names, phones and
# special-group status. Everyone else sees them masked.
PERSONAL_DATA_ROLES = frozenset({Role.COUNTY, Role.COMMUNITY, Role.GRID})

SCOPE_TYPES = ("County", "Street", "Community", "Grid", "Area", "Compound", "Unit", "PartyOrganization")
"""The entity types a ``scope`` argument may name."""


@dataclass(frozen=True)
class Viewer:
    role: Role = Role.ANALYST
    territory: tuple[str, ...] | None = None
    """Codes of the territory roots this viewer may see; ``None``: the whole county. County-wide bodies
    (units, the task force) and everything above the roots are visible to every viewer."""
    person: str | None = None

    @property
    def sees_personal_data(self) -> bool:
        return self.role in PERSONAL_DATA_ROLES

    @property
    def sees_everything(self) -> bool:
        return self.territory is None


def anonymous() -> Viewer:
    """Every caller until authentication arrives: the whole county, personal data masked."""
    return Viewer(role=Role.ANALYST)


@dataclass(frozen=True)
class Scope:
    """What an analysis counts over: the entity named (or the county) and its territory roots."""

    kind: str
    code: str
    roots: tuple[str, ...]


class ScopeNotFound(LookupError):
    pass


async def resolve_scope(graph: Graph, viewer: Viewer, kind: str | None, code: str | None, as_of: date) -> Scope:
    """The scope an analysis runs over: the one asked for, limited to what the viewer may see.

    Without a ``code`` it is everything the viewer may see (the county for county-wide viewers).
    Raises :class:`ScopeNotFound` when the entity does not exist, is not of the named type, or lies
    outside the viewer's territory.
    """
    if code is None and viewer.sees_everything:
        county = await county_code(graph)
        if county is not None:  # the common case, without a round trip
            return Scope(kind="County", code=county, roots=(county,))
    row = await graph.read_one("scope/resolve_scope", {"code": code, "kind": kind, "asOf": as_of})
    if row is None:
        raise ScopeNotFound(f"no {kind or 'scope'} with code {code!r}")
    scope = Scope(kind=row["kind"], code=row["code"], roots=tuple(row["roots"]))
    if viewer.sees_everything:
        return scope
    if code is None:
        return Scope(kind="Viewer", code=",".join(viewer.territory or ()), roots=viewer.territory or ())
    inside = await graph.read_one(
        "scope/roots_within", {"roots": list(scope.roots), "allowed": list(viewer.territory or ())}
    )
    roots = tuple(inside["roots"]) if inside else ()
    if not roots:
        raise ScopeNotFound(f"no {kind or 'scope'} with code {code!r}")
    return Scope(kind=scope.kind, code=scope.code, roots=roots)


async def county_code(graph: Graph) -> str | None:
    """The county's code, read once per process: the root of the territory never changes."""
    if graph.county_code is None:
        row = await graph.read_one("territory/get_county")
        graph.county_code = row["node"]["code"] if row else None
    return graph.county_code


async def visible(graph: Graph, viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity rows (maps with a ``code``) that the viewer may see, in their order."""
    if viewer.sees_everything or not rows:
        return rows
    found = await graph.read_one(
        "scope/visible_codes", {"codes": [r["code"] for r in rows], "roots": list(viewer.territory or ())}
    )
    allowed = set(found["codes"]) if found else set()
    return [r for r in rows if r["code"] in allowed]
