"""The relationships the API navigates, each declared once: from which type, under which field name, along
which Cypher path to which target, and whether it holds only on a day (⏱, ``validFrom`` / ``validTo``).

From one declaration come both ways of reading it:

* :func:`navigation_query`: the batched read behind a field's resolver (``$codes`` → rows ``{code, items}``,
  one round trip per field and level, ``resolvers/loaders.py``);
* :func:`graph.compiler.nested`: the same relationship as a ``COLLECT`` subquery inside one compiled query
  for a whole request's selection (``graph/compiler.py``).

Both apply the viewer's scope to every target (``scope/_visible``): an out-of-scope target is not there,
exactly as it is not there for a ``node`` look-up. Masking is by the target's label, after the read
(``graph/privacy.py: redact``), so it needs nothing here. Labels and types below are constants, never input.

The hand-written relations (an ordering by something other than code, extra columns such as a post's role,
history rows) stay in the catalogue (``graph/queries/*/rel_*.cypher``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph.catalog import fragment

# ---------------------------------------------------------------- labels and relationship types

COUNTY, STREET, COMMUNITY, GRID, AREA, COMPOUND, BUILDING, HOUSEHOLD = (
    "County", "Street", "Community", "Grid", "Area", "Compound", "Building", "Household",
)  # fmt: skip
PERSON, UNIT, TEAM, ORGANIZATION, POST, VENUE = (
    "Person", "Unit", "VolunteerTeam", "PartyOrganization", "Post", "Venue",
)  # fmt: skip
BODY, PLATFORM, MATTER, MATTER_STEP, MILESTONE, PROJECT, COMMENDATION = (
    "SelfGovernanceBody", "DeliberationPlatform", "Matter", "MatterStep", "Milestone", "MicroProject", "Commendation",
)  # fmt: skip
SERVICE_RECORD, GRANT = "ServiceRecord", "Grant"
ENTITY = "Entity"

PART_OF, PAIRED_WITH, RESIDES_IN, WORKS_AT, ANSWERS_FOR, POST_OF, UNDER = (
    "PART_OF", "PAIRED_WITH", "RESIDES_IN", "WORKS_AT", "ANSWERS_FOR", "POST_OF", "UNDER",
)  # fmt: skip
SERVES, ORGANIZED_BY, RUN_BY, RAISED_AT, CONCERNS, OF, TO, OWNED_BY, AT, COORDINATED_WITH = (
    "SERVES", "ORGANIZED_BY", "RUN_BY", "RAISED_AT", "CONCERNS", "OF", "TO", "OWNED_BY", "AT", "COORDINATED_WITH",
)  # fmt: skip
BY, FOR, FROM = "BY", "FOR", "FROM"

OUT, IN = True, False


@dataclass(frozen=True)
class Hop:
    """One step of a path: a relationship type, its direction from the source, and what it reaches."""

    type: str
    out: bool
    labels: tuple[str, ...] = ()
    """The labels of the node it reaches, any of them (empty: any entity)."""
    length: str = ""
    """A variable length (``*1..2``), for steps through the territory tree."""

    def render(self, rel_var: str | None, node: str) -> str:
        arrow_l, arrow_r = ("-", "->") if self.out else ("<-", "-")
        inner = f"{rel_var or ''}:{self.type}{self.length}"
        label = ":" + "|".join(self.labels) if self.labels else ""
        return f"{arrow_l}[{inner}]{arrow_r}({node}{label})"


@dataclass(frozen=True)
class Relationship:
    """A navigation field of an entity type, as a path from the entity to its targets."""

    source: str
    """The entity type (label) that has the field."""
    field: str
    """The field's Python name on that type (``paired_members``; the API's name is its camelCase)."""
    hops: tuple[Hop, ...]
    """The path; its last hop reaches the targets."""
    many: bool = True
    """A list of targets (in code order); otherwise at most one."""
    timed: int | None = None
    """The index of the hop that is time-bounded (⏱): it must hold on the day asked for."""
    kind: str | None = None
    """Only targets of this ``kind`` (a Party organization's, for ``branch`` and the like)."""

    @property
    def key(self) -> str:
        return f"{self.source}.{self.field}"

    @property
    def target_labels(self) -> tuple[str, ...]:
        return self.hops[-1].labels

    def label_expr(self, var: str) -> str:
        """The Cypher expression of a target's ``_label`` (the one type label, constant when it is known)."""
        labels = self.target_labels
        if len(labels) == 1:
            return f"'{labels[0]}'"
        return f"[l IN labels({var}) WHERE l <> '{ENTITY}'][0]"

    def match(self, start: str, target: str, rel_var: str, day: str) -> str:
        """``MATCH ... WHERE ...`` from ``start`` (bound) to ``target``: the path, the day, the kind and the
        viewer's scope on the target."""
        path = f"({start}:{self.source})"
        for i, hop in enumerate(self.hops):
            node = target if i == len(self.hops) - 1 else ""
            path += hop.render(rel_var if i == self.timed else None, node)
        conditions = []
        if self.timed is not None:
            conditions.append(
                f"{rel_var}.validFrom <= {day} AND ({rel_var}.validTo IS NULL OR {day} < {rel_var}.validTo)"
            )
        if self.kind is not None:
            conditions.append(f"{target}.kind = '{self.kind}'")
        conditions.append(fragment("scope/_visible", target))
        return f"MATCH {path}\nWHERE " + " AND\n".join(conditions)


def _rel(
    source: str, field: str, *hops: Hop, many: bool = True, timed: int | None = None, kind: str | None = None
) -> Relationship:
    return Relationship(source, field, hops, many=many, timed=timed, kind=kind)


def _up(*labels: str, length: str = "") -> Hop:
    """Up the territory tree (child → parent)."""
    return Hop(PART_OF, OUT, labels, length)


def _down(*labels: str, length: str = "") -> Hop:
    """Down the territory tree (parent → its children)."""
    return Hop(PART_OF, IN, labels, length)


def _answering(kind: str, source: str, field: str) -> Relationship:
    return _rel(source, field, Hop(ANSWERS_FOR, IN, (ORGANIZATION,)), many=False, timed=0, kind=kind)


RELATIONSHIPS: tuple[Relationship, ...] = (
    # the territory tree (unversioned)
    _rel(COUNTY, "streets", _down(STREET)),
    _rel(STREET, "communities", _down(COMMUNITY)),
    _rel(COMMUNITY, "street", _up(STREET), many=False),
    _rel(COMMUNITY, "grids", _down(GRID)),
    _rel(GRID, "community", _up(COMMUNITY), many=False),
    _rel(GRID, "areas", _down(AREA)),
    _rel(GRID, "compounds", _down(AREA), _down(COMPOUND)),
    _rel(AREA, "grid", _up(GRID), many=False),
    _rel(AREA, "compounds", _down(COMPOUND)),
    _rel(AREA, "buildings", _down(BUILDING)),
    _rel(COMPOUND, "area", _up(AREA), many=False),
    _rel(COMPOUND, "grid", _up(AREA), _up(GRID), many=False),
    _rel(COMPOUND, "buildings", _down(BUILDING)),
    _rel(BUILDING, "compound", _up(COMPOUND), many=False),
    _rel(BUILDING, "area", _up(AREA, length="*1..2"), many=False),
    _rel(HOUSEHOLD, "building", _up(BUILDING), many=False),
    # who answers for a piece of territory (⏱, as it stands today)
    _answering("STREET_WORKING_COMMITTEE", STREET, "working_committee"),
    _answering("COMMUNITY_COMMITTEE", COMMUNITY, "committee"),
    _answering("GRID_BRANCH", GRID, "branch"),
    _answering("AREA_GROUP", AREA, "party_group"),
    _rel(
        COMPOUND,
        "party_organizations",
        _up(COMPOUND, AREA, length="*0..1"),
        Hop(ANSWERS_FOR, IN, (ORGANIZATION,)),
        timed=1,
    ),
    _rel(ORGANIZATION, "territory", Hop(ANSWERS_FOR, OUT), timed=0),
    # people and households
    _rel(HOUSEHOLD, "residents", Hop(RESIDES_IN, IN, (PERSON,))),
    _rel(HOUSEHOLD, "paired_members", Hop(PAIRED_WITH, IN, (PERSON,)), timed=0),
    _rel(BUILDING, "paired_members", Hop(PAIRED_WITH, IN, (PERSON,)), timed=0),
    _rel(PERSON, "household", Hop(RESIDES_IN, OUT, (HOUSEHOLD,)), many=False),
    _rel(PERSON, "paired_households", Hop(PAIRED_WITH, OUT, (HOUSEHOLD,)), timed=0),
    _rel(PERSON, "paired_buildings", Hop(PAIRED_WITH, OUT, (BUILDING,)), timed=0),
    _rel(PERSON, "unit", Hop(WORKS_AT, OUT, (UNIT,)), many=False),
    # posts of a piece of territory (a vacant one has no holder)
    _rel(AREA, "posts", Hop(POST_OF, IN, (POST,))),
    _rel(COMPOUND, "posts", Hop(POST_OF, IN, (POST,))),
    _rel(BUILDING, "posts", Hop(POST_OF, IN, (POST,))),
    _rel(ORGANIZATION, "posts", Hop(POST_OF, IN, (POST,))),
    # units and their pairings with areas (包片, ⏱)
    _rel(UNIT, "areas", Hop(PAIRED_WITH, OUT, (AREA,)), timed=0),
    _rel(UNIT, "grids", Hop(PAIRED_WITH, OUT, (AREA,)), _up(GRID), timed=0),
    _rel(AREA, "units", Hop(PAIRED_WITH, IN, (UNIT,)), timed=0),
    _rel(COMPOUND, "units", _up(AREA), Hop(PAIRED_WITH, IN, (UNIT,)), timed=1),
    _rel(GRID, "units", _down(AREA), Hop(PAIRED_WITH, IN, (UNIT,)), timed=1),
    # volunteer teams, venues, self-governance, deliberation
    _rel(UNIT, "volunteer_teams", Hop(ORGANIZED_BY, IN, (TEAM,))),
    _rel(ORGANIZATION, "volunteer_teams", Hop(ORGANIZED_BY, IN, (TEAM,))),
    _rel(TEAM, "unit", Hop(ORGANIZED_BY, OUT, (UNIT,)), many=False),
    _rel(TEAM, "organization", Hop(ORGANIZED_BY, OUT, (ORGANIZATION,)), many=False),
    _rel(TEAM, "serves", Hop(SERVES, OUT, (COMPOUND,)), timed=0),
    _rel(COMPOUND, "volunteer_teams", Hop(SERVES, IN, (TEAM,)), timed=0),
    _rel(COMPOUND, "self_governance_bodies", Hop(SERVES, IN, (BODY,)), timed=0),
    _rel(COMPOUND, "venues", _up(COMPOUND, GRID, length="*0..2"), Hop(SERVES, IN, (VENUE,)), timed=1),
    _rel(GRID, "venues", _down(GRID, COMPOUND, length="*0..2"), Hop(SERVES, IN, (VENUE,)), timed=1),
    _rel(
        COMPOUND, "deliberation_platforms", _up(COMPOUND, GRID, length="*0..2"), Hop(SERVES, IN, (PLATFORM,)), timed=1
    ),
    _rel(GRID, "deliberation_platforms", _down(GRID, COMPOUND, length="*0..2"), Hop(SERVES, IN, (PLATFORM,)), timed=1),
    _rel(ORGANIZATION, "venues", Hop(RUN_BY, IN, (VENUE,))),
    _rel(ORGANIZATION, "deliberation_platforms", Hop(RUN_BY, IN, (PLATFORM,))),
    _rel(VENUE, "serves", Hop(SERVES, OUT, (COMPOUND, GRID)), timed=0),
    _rel(VENUE, "run_by", Hop(RUN_BY, OUT, (ORGANIZATION,)), many=False),
    _rel(BODY, "serves", Hop(SERVES, OUT, (COMPOUND,)), timed=0),
    _rel(PLATFORM, "serves", Hop(SERVES, OUT, (COMPOUND, GRID)), timed=0),
    _rel(PLATFORM, "run_by", Hop(RUN_BY, OUT, (ORGANIZATION,)), many=False),
    # the Party organization tree
    _rel(ORGANIZATION, "parent", Hop(UNDER, OUT, (ORGANIZATION,)), many=False),
    _rel(ORGANIZATION, "children", Hop(UNDER, IN, (ORGANIZATION,))),
    # matters, micro-projects, commendations
    _rel(MATTER, "raised_at", Hop(RAISED_AT, OUT, (PLATFORM,)), many=False),
    _rel(MATTER, "concerns", Hop(CONCERNS, OUT, (COMPOUND, AREA))),
    _rel(MATTER_STEP, "matter", Hop(OF, OUT, (MATTER,)), many=False),
    _rel(MILESTONE, "project", Hop(OF, OUT, (PROJECT,)), many=False),
    _rel(PROJECT, "owner", Hop(OWNED_BY, OUT, (ORGANIZATION,)), many=False),
    _rel(PROJECT, "at", Hop(AT, OUT, (COMPOUND, AREA)), many=False),
    _rel(PROJECT, "coordinating_units", Hop(COORDINATED_WITH, OUT, (UNIT,))),
    _rel(COMMENDATION, "to", Hop(TO, OUT, (PERSON,)), many=False),
    _rel(SERVICE_RECORD, "by", Hop(BY, OUT, (PERSON,)), many=False),
    _rel(SERVICE_RECORD, "for_", Hop(FOR, OUT, (HOUSEHOLD,)), many=False),
    _rel(GRANT, "to", Hop(TO, OUT, (ORGANIZATION,)), many=False),
    _rel(GRANT, "from_", Hop(FROM, OUT, (UNIT,)), many=False),
)
"""Every relationship the API navigates by a plain path in code order."""

BY_KEY: dict[str, Relationship] = {r.key: r for r in RELATIONSHIPS}


def relationship(source: str, field: str) -> Relationship:
    """The declaration of ``source.field`` (a KeyError names a field that declares none)."""
    return BY_KEY[f"{source}.{field}"]


DAY = "$asOf"


@cache
def navigation_query(key: str) -> str:
    """The batched read of one relationship for many sources: ``$codes`` (and ``$asOf`` when it is
    time-bounded, ``$scope``) → rows ``{code, items}``, the items in code order (at most one when the field
    holds one)."""
    rel = BY_KEY[key]
    items = f"collect(DISTINCT x {{.*, _label: {rel.label_expr('x')}}})"
    return "\n".join(
        (
            f"// {rel.key}: the batched navigation read (graph/relationships.py).",
            "UNWIND $codes AS code",
            f"MATCH (s:{rel.source} {{code: code}})",
            rel.match("s", "x", "r", DAY),
            "WITH code, x ORDER BY x.code",
            f"RETURN code, {items}{'' if rel.many else '[..1]'} AS items",
        )
    )
