"""The one place where who is asking decides what they may see and change.

A :class:`Viewer` is who is asking: a :class:`Role`, the scope their token names, and what that scope
covers in the graph. It is built once per request from the token's claims (:func:`resolve_viewer`, one
small read) and then applied to every read and write in one of three ways:

* **in Cypher, where rows are chosen.** Every catalogued query that returns entities includes the
  condition ``// #include scope/_visible(x)`` on its row variable and takes the viewer's
  :meth:`Viewer.cypher` map as ``$scope``, so that a page is full, a count is right and an
  out-of-scope id finds nothing, exactly like an id that does not exist;
* :func:`resolve_scope` turns a root analysis's ``scope`` argument into the territory roots it counts
  over, limited to the viewer's territory;
* :func:`visible_codes` checks codes (a write's input ids, an audit record's entities) in the same terms.

What each role may see and change is the table in ``docs/AUTHORIZATION.md``; the write side of it is
:mod:`graph.permissions`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from graph.driver import Graph


class Role(enum.Enum):
    """Who the caller is (the token's ``role`` claim)."""

    COUNTY = "COUNTY"
    """The county Organization Department (县委组织部): everything."""
    STREET = "STREET"
    """A street working committee (街道党工委): its street."""
    COMMUNITY = "COMMUNITY"
    """A community Party committee (社区党委): its community."""
    GRID = "GRID"
    """A grid branch secretary or grid worker (网格党支部书记, 网格员): its grid."""
    MEMBER = "MEMBER"
    """A Party member: their own posts and pairings and the households paired with them."""
    RESIDENT = "RESIDENT"
    """A resident: their own household and its wishes."""
    ANALYST = "ANALYST"
    """County-wide aggregates and de-identified lists; changes nothing."""


TERRITORY_ROLES = frozenset({Role.COUNTY, Role.STREET, Role.COMMUNITY, Role.GRID, Role.ANALYST})
"""Roles whose scope is a piece of territory (they see everything inside it)."""

PERSONAL_ROLES = frozenset({Role.MEMBER, Role.RESIDENT})
"""Roles whose scope is a person: they see a list of entities of their own, not a territory."""

SCOPE_LABELS: dict[Role, tuple[tuple[str, str | None], ...]] = {
    Role.COUNTY: (("County", None),),
    Role.STREET: (("Street", None), ("PartyOrganization", "STREET_WORKING_COMMITTEE")),
    Role.COMMUNITY: (("Community", None), ("PartyOrganization", "COMMUNITY_COMMITTEE")),
    Role.GRID: (("Grid", None), ("PartyOrganization", "GRID_BRANCH")),
    Role.ANALYST: (
        ("County", None),
        ("Street", None),
        ("Community", None),
        ("Grid", None),
        ("PartyOrganization", "STREET_WORKING_COMMITTEE"),
        ("PartyOrganization", "COMMUNITY_COMMITTEE"),
        ("PartyOrganization", "GRID_BRANCH"),
    ),
}
"""What a territory role's ``scope`` claim may name: ``(label, Party organization kind)``. A Party
organization stands for the territory it answers for."""

SCOPE_TYPES = ("County", "Street", "Community", "Grid", "Area", "Compound", "Unit", "PartyOrganization")
"""The entity types a root analysis's ``scope`` argument may name."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking, and what that covers. Build it with :func:`resolve_viewer` (or the constructors
    below in tests and tools); never from a request's arguments."""

    role: Role
    subject: str
    """Who the audit trail names: the token's ``sub`` (a person's code), else ``ROLE@scope``."""
    person: str | None = None
    """The person behind the request, when the token names one."""
    scope: str | None = None
    """The code the token's ``scope`` claim names."""
    roots: tuple[str, ...] | None = None
    """Codes of the territory roots the viewer sees inside; ``None``: the whole county."""
    codes: frozenset[str] = field(default_factory=frozenset)
    """Further entities the viewer sees: what lies above their territory (ancestors and the Party
    organizations answering for them), or, for members and residents, their own entities."""

    @property
    def sees_everything(self) -> bool:
        """The whole county (no predicate needed): the county and county-wide analysts."""
        return self.roots is None and self.role in TERRITORY_ROLES

    @property
    def sees_personal_data(self) -> bool:
        """Names, phones, ID numbers, addresses and special-group status in full.

        Every role but the analyst: staff see their territory in full, members and residents see only
        entities of their own (the households paired with them, their own household), in full.
        """
        return self.role is not Role.ANALYST

    @property
    def counts_territory(self) -> bool:
        """May ask for analyses over territory (coverage, what is missing): not members and residents."""
        return self.role in TERRITORY_ROLES

    @cached_property
    def _cypher(self) -> dict[str, Any]:
        return {
            "all": self.sees_everything,
            "roots": list(self.roots or ()),
            "codes": sorted(self.codes),
            "public": self.role in TERRITORY_ROLES,
        }

    def cypher(self) -> dict[str, Any]:
        """The ``$scope`` parameter of every query that includes ``scope/_visible``."""
        return self._cypher

    @classmethod
    def county(cls, subject: str = "COUNTY") -> Viewer:
        """The county Organization Department: everything, in full."""
        return cls(role=Role.COUNTY, subject=subject)

    @classmethod
    def nobody(cls) -> Viewer:
        """Who a request that is not signed in is, where it is let through at all (the GraphiQL page in
        development mode): a viewer who sees nothing and may change nothing of anyone's."""
        return cls(role=Role.RESIDENT, subject="anonymous")

    @classmethod
    def analyst(cls, subject: str = "ANALYST") -> Viewer:
        """A county-wide analyst: everything, de-identified."""
        return cls(role=Role.ANALYST, subject=subject)


class ViewerRefused(Exception):
    """The token's claims name no valid viewer (an unknown scope, a role without its subject...)."""


async def resolve_viewer(graph: Graph, role: Role, scope: str | None, person: str | None, today: date) -> Viewer:
    """The viewer a token's claims stand for, checked against the graph; :class:`ViewerRefused` if none.

    Territory roles name their territory (or the Party organization answering for it) in ``scope``;
    members and residents are who ``sub`` names, and their scope follows from the graph on ``today``.
    """
    if role in PERSONAL_ROLES:
        if not person:
            raise ViewerRefused(f"a {role.value} token must name its person in 'sub'")
        query = "scope/get_member_viewer" if role is Role.MEMBER else "scope/get_resident_viewer"
        row = await graph.read_one(query, {"person": person, "asOf": today})
        if row is None:
            raise ViewerRefused(f"'sub' names no {'Party member' if role is Role.MEMBER else 'resident'}")
        return Viewer(role=role, subject=person, person=person, scope=person, codes=frozenset(row["codes"]))
    if scope is None:
        if role not in (Role.COUNTY, Role.ANALYST):
            raise ViewerRefused(f"a {role.value} token must name its territory in 'scope'")
        county = await county_code(graph)
        return Viewer(role=role, subject=person or f"{role.value}@{county}", person=person, scope=county)
    row = await graph.read_one("scope/get_territory_viewer", {"code": scope, "asOf": today})
    allowed = SCOPE_LABELS[role]
    if row is None or (row["label"], row["kind"] if row["label"] == "PartyOrganization" else None) not in allowed:
        raise ViewerRefused(f"'scope' names no {' or '.join(label for label, _ in allowed)} a {role.value} may cover")
    if not row["roots"]:
        raise ViewerRefused("'scope' names a Party organization that answers for no territory today")
    subject = person or f"{role.value}@{scope}"
    if row["label"] == "County":
        return Viewer(role=role, subject=subject, person=person, scope=scope)
    return Viewer(
        role=role,
        subject=subject,
        person=person,
        scope=scope,
        roots=tuple(row["roots"]),
        codes=frozenset(row["above"]),
    )


# ---------------------------------------------------------------- the scope argument of analyses


@dataclass(frozen=True)
class Scope:
    """What an analysis counts over: the entity named (or the county) and its territory roots."""

    kind: str
    code: str
    roots: tuple[str, ...]


class ScopeNotFound(LookupError):
    pass


class NotPermitted(PermissionError):
    """The viewer's role may not ask this at all (not an out-of-scope id: a whole kind of question)."""


async def resolve_scope(
    graph: Graph, viewer: Viewer, kind: str | None, code: str | None, as_of: date, *, analysis: bool = False
) -> Scope:
    """The scope a root list or analysis runs over: the one asked for, limited to what the viewer may see.

    Without a ``code`` it is everything the viewer may see (the county for county-wide viewers). Raises
    :class:`ScopeNotFound` when the entity does not exist, is not of the named type, or lies outside the
    viewer's territory. Members and residents see a list of their own entities, not a territory: a list
    runs over the county (its rows then pass ``scope/_visible``), an ``analysis`` (counts over territory)
    is :class:`NotPermitted`.
    """
    if analysis and not viewer.counts_territory:
        raise NotPermitted(f"a {viewer.role.value} may not ask for counts over territory")
    if code is None and (viewer.sees_everything or not viewer.counts_territory):
        county = await county_code(graph)
        if county is not None:  # the common case, without a round trip
            return Scope(kind="County", code=county, roots=(county,))
    if code is None:
        return Scope(kind="Viewer", code=",".join(viewer.roots or ()), roots=viewer.roots or ())
    if not viewer.counts_territory and code not in viewer.codes:
        raise ScopeNotFound(f"no {kind or 'scope'} with code {code!r}")
    row = await graph.read_one("scope/resolve_scope", {"code": code, "kind": kind, "asOf": as_of})
    if row is None:
        raise ScopeNotFound(f"no {kind or 'scope'} with code {code!r}")
    scope = Scope(kind=row["kind"], code=row["code"], roots=tuple(row["roots"]))
    if viewer.sees_everything or not viewer.counts_territory:
        return scope
    inside = await graph.read_one(
        "scope/roots_within", {"roots": list(scope.roots), "allowed": list(viewer.roots or ())}
    )
    roots = tuple(inside["roots"]) if inside else ()
    if not roots:
        raise ScopeNotFound(f"no {kind or 'scope'} with code {code!r}")
    return Scope(kind=scope.kind, code=scope.code, roots=roots)


async def county_code(graph: Graph) -> str | None:
    """The county's code, read once per process: the root of the territory never changes."""
    if graph.county_code is None:
        row = await graph.read_one("territory/get_county", {"scope": Viewer.county().cypher()})
        graph.county_code = row["node"]["code"] if row else None
    return graph.county_code


async def visible_codes(graph: Graph, viewer: Viewer, codes: Iterable[str]) -> set[str]:
    """Of ``codes``, those the viewer may see."""
    wanted = list(dict.fromkeys(codes))
    if viewer.sees_everything or not wanted:
        return set(wanted) if viewer.sees_everything else set()
    row = await graph.read_one("scope/visible_codes", {"codes": wanted, "scope": viewer.cypher()})
    return set(row["codes"]) if row else set()
