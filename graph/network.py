"""The pairing network around one entity (包片联户 drawn as a graph): which relationships it follows, how far,
and the one Cypher query that walks them.

The walk is breadth first from the center, ``depth`` hops out, over the relationship types in
:data:`EDGE_KINDS` (either direction) plus the post hop ``(Person)-[:HOLDS]->(Post)-[:POST_OF]->(x)``
drawn as one ``HOLDS_POST`` edge; it reaches only the node labels in :data:`NODE_KINDS`. A time-bounded
relationship is followed only when it holds on ``asOf``. Reporting in to a grid (``REPORTED_TO``) is left
out on purpose: every cadre reports to a grid, so a grid would drag in hundreds of people who are not
paired with anything in it.

Each hop keeps at most ``limit`` nodes in all: nodes found at the same hop are kept in
:data:`NODE_RANK` order (territory and organizations before people and households), so a truncated
network is still the nearest, most structural part of the picture, and it says it was truncated.

A variable-length bound cannot be a parameter, so the query is built here, by a pure function, as one
block per hop; labels and relationship types come from the constants below, never from input. Node-kind
and edge-kind filters narrow the walk itself: it follows only the edges of the kinds asked for, through
nodes of the kinds asked for (the center is always kept).

The other mode, the *pairing picture* (包片联户) of a territory (``network/get_pairing_picture``), is not a
walk: it is everything below the territory down to its households, however many hops that is, with the
cadres paired with its households and buildings, the units paired with its areas, the holders of its
posts, the organizations answering for it and the cadres' employers. There the filters drop what is not
asked for (and the query does not read edge kinds that were not asked for).

Both modes return each kept node with what a drawing colours it by (``network/_node_attributes``): a
household's coverage (``network/_household_covered``, the rule written once), a compound's kind and
five-haves stage, and, only for callers who may see it, whether a household or person belongs to a special
group.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.catalog import fragment
from graph.rules import FORCES_MIN_COVERED_SHARE, resources_window_start

MIN_DEPTH = 1
MAX_DEPTH = 3
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
"""Enough for the pairing picture of the largest grid (about 2,300 households and 340 cadres at scale 1)."""

AROUND, PAIRINGS = "AROUND", "PAIRINGS"
"""The two modes: a walk ``depth`` hops around the center, or the pairing picture of a territory."""

PICTURE_QUERY = "network/get_pairing_picture"

TERRITORY_LABELS = ("County", "Street", "Community", "Grid", "Area", "Compound", "Building", "Household")
"""What a pairing picture may be drawn for."""

NODE_KINDS: dict[str, str] = {
    "County": "COUNTY",
    "Street": "STREET",
    "Community": "COMMUNITY",
    "Grid": "GRID",
    "Area": "AREA",
    "Compound": "COMPOUND",
    "Building": "BUILDING",
    "Household": "HOUSEHOLD",
    "Person": "PERSON",
    "Unit": "UNIT",
    "VolunteerTeam": "VOLUNTEER_TEAM",
    "PartyOrganization": "PARTY_ORGANIZATION",
    "Venue": "VENUE",
    "SelfGovernanceBody": "SELF_GOVERNANCE_BODY",
    "DeliberationPlatform": "DELIBERATION_PLATFORM",
}
"""Node label → ``NetworkNodeKind``: the entities a network shows (and may be centred on)."""

NODE_RANK: dict[str, int] = {label: rank for rank, label in enumerate(
    ("County", "Street", "Community", "Grid", "Area", "Compound", "PartyOrganization", "Unit", "VolunteerTeam",
     "Venue", "SelfGovernanceBody", "DeliberationPlatform", "Building", "Person", "Household")
)}  # fmt: skip
"""Which nodes a hop keeps first when the limit cuts it."""

EDGE_KINDS: dict[str, str] = {
    "PART_OF": "PART_OF",  # the territory tree, child → parent
    "UNDER": "PART_OF",  # the Party organization tree, child → parent
    "PAIRED_WITH": "PAIRED_WITH",  # cadre → household / building (联户), unit → area (包片)
    "ANSWERS_FOR": "COVERS",  # Party organization → the territory it answers for
    "MEMBER_OF": "MEMBER_OF",  # person → Party organization / volunteer team
    "WORKS_AT": "WORKS_AT",  # in-service cadre → unit
    "SERVES": "SERVES",  # volunteer team, venue, self-governance body, deliberation platform → compound / grid
    "RESIDES_IN": "RESIDES_IN",  # person → household
    "ORGANIZED_BY": "ORGANIZED_BY",  # volunteer team → unit / Party organization
    "RUN_BY": "ORGANIZED_BY",  # venue, deliberation platform → Party organization
}
"""Relationship type → ``NetworkEdgeKind``. Edges point the way the model's relationships do."""

HOLDS_POST = "HOLDS_POST"
"""``(Person)-[:HOLDS]->(Post)-[:POST_OF]->(x)``: the person → what the post is of (the post itself is not drawn)."""

EDGE_KIND_NAMES = frozenset([*EDGE_KINDS.values(), HOLDS_POST])
"""Every ``NetworkEdgeKind``."""

PAIRING_KINDS = {"Household": "HOUSEHOLD", "Building": "BUILDING", "Area": "AREA"}
"""What a ``PAIRED_WITH`` edge pairs, by the label of its target: 联户, 包楼栋, 包片."""

# Every node and edge comes back packed in one string, fields separated by spaces (codes, labels, types,
# dates and enum names hold none; a name or address comes last and may): a node as network/_node_attributes
# packs it, an edge as "source target TYPE since role" (since empty when not time-bounded, role the post's
# for HOLDS_POST, else empty). The driver decodes one value instead of a list or map of several, which is
# most of the client's time for a network of hundreds of nodes.
_HEAD = """\
// The pairing network around one entity on $asOf, breadth first (built by graph/network.py).
MATCH (center:Entity {code: $center})
WHERE $label IN labels(center) AND
  %(visible_center)s
WITH [center] AS seen, [] AS inner, [center] AS frontier, [] AS edges, false AS truncated"""

# One hop: every allowed relationship of every frontier node (at most $limit per node: more could not be
# kept anyway), grouped by the node reached. Edges back to nodes of earlier hops (`inner`) were found
# when those were the frontier, so only edges to this hop's nodes and to new ones are kept. New nodes
# are kept in rank order up to the limit and become the next frontier.
_HOP = """\
CALL (seen, inner, frontier) {
  UNWIND frontier AS n
  CALL (n) {
    CALL (n) {
%(branches)s
    }
    RETURN m, edge LIMIT $limit
  }
  WITH seen, inner, m, collect(edge) AS via
  WHERE NOT m IN inner
  ORDER BY $rank[[l IN labels(m) WHERE l <> 'Entity'][0]], m.code
  RETURN collect(via) AS found, collect(CASE WHEN m IN seen THEN null ELSE m END) AS fresh
}
WITH seen, edges + found AS edges, fresh, $limit - size(seen) AS room, truncated
WITH seen + fresh[0..room] AS seen, seen AS inner, fresh[0..room] AS frontier, edges,
     truncated OR size(fresh) > room AS truncated"""

_FOLLOW = """\
      MATCH (n)-[r:%(types)s]-(m:%(labels)s)
      WHERE (r.validFrom IS NULL OR (r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo))) AND
        %(visible)s
      RETURN m, startNode(r).code + ' ' + endNode(r).code + ' ' + type(r) + ' '
                + coalesce(toString(r.validFrom), '') + ' ' AS edge"""

_POSTS = """\
      MATCH (n:Person)-[h:HOLDS]->(post:Post)-[:POST_OF]->(m:%(labels)s)
      WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
        %(visible)s
      RETURN m, n.code + ' ' + m.code + ' %(post)s ' + toString(h.validFrom) + ' ' + post.role AS edge
      UNION ALL
      MATCH (n)<-[:POST_OF]-(post:Post)<-[h:HOLDS]-(m:Person)
      WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo) AND
        %(visible)s
      RETURN m, m.code + ' ' + n.code + ' %(post)s ' + toString(h.validFrom) + ' ' + post.role AS edge"""


def network_query(
    center: str,
    label: str,
    depth: int,
    as_of: date,
    limit: int = DEFAULT_LIMIT,
    *,
    node_labels: Collection[str] | None = None,
    edge_kinds: Collection[str] | None = None,
    personal: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The Cypher and parameters for the network ``depth`` hops around the ``label`` entity ``center``.

    ``node_labels`` (labels of :data:`NODE_KINDS`) and ``edge_kinds`` (``NetworkEdgeKind`` names) narrow
    the walk (None: all); ``personal`` says whether the caller may see special-group status. The query
    returns one row ``{nodes, stages, edges, truncated}`` (none when there is no such entity); pass it to
    :func:`assemble`. ``depth`` and ``limit`` must already be checked (see the bounds above).
    """
    if not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between {MIN_DEPTH} and {MAX_DEPTH}")
    if label not in NODE_KINDS:
        raise ValueError(f"{label} cannot be the center of a network")
    labels = [lab for lab in NODE_KINDS if node_labels is None or lab in node_labels]
    kinds = EDGE_KIND_NAMES if edge_kinds is None else set(edge_kinds)
    types = [t for t, kind in EDGE_KINDS.items() if kind in kinds]
    branches = []
    # Only what the caller may see is walked to (the viewer's $scope, scope/_visible), so the limit counts
    # visible nodes and nothing beyond the caller's scope is reached through what is.
    visible = fragment("scope/_visible", "m")
    if labels and types:
        branches.append(_FOLLOW % {"types": "|".join(types), "labels": "|".join(labels), "visible": visible})
    if labels and HOLDS_POST in kinds:
        branches.append(_POSTS % {"labels": "|".join(labels), "post": HOLDS_POST, "visible": visible})
    hops = [_HOP % {"branches": "\n      UNION ALL\n".join(branches)}] * depth if branches else []
    head = _HEAD % {"visible_center": fragment("scope/_visible", "center")}
    text = "\n".join([head.rstrip("\n"), *hops, "WITH seen, edges, truncated", fragment("network/_node_attributes")])
    params = {"center": center, "label": label, "limit": limit, "rank": NODE_RANK, **_attribute_params(as_of, personal)}
    return text, params


def picture_query(
    center: str,
    label: str,
    as_of: date,
    limit: int = DEFAULT_LIMIT,
    *,
    node_labels: Collection[str] | None = None,
    edge_kinds: Collection[str] | None = None,
    personal: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The catalogued query and parameters for the pairing picture of the territory ``center``; the same
    row shape as :func:`network_query`'s."""
    if label not in TERRITORY_LABELS:
        raise ValueError(f"{label} is not a territory: a pairing picture is drawn for a territory")
    kinds = EDGE_KIND_NAMES if edge_kinds is None else set(edge_kinds)
    types = [t for t, kind in EDGE_KINDS.items() if kind in kinds] + ([HOLDS_POST] if HOLDS_POST in kinds else [])
    params = {
        "center": center,
        "label": label,
        "limit": limit,
        "rank": NODE_RANK,
        "labels": [lab for lab in NODE_KINDS if node_labels is None or lab in node_labels],
        "types": types,
        **_attribute_params(as_of, personal),
    }
    return PICTURE_QUERY, params


def _attribute_params(as_of: date, personal: bool) -> dict[str, Any]:
    return {
        "asOf": as_of,
        "personal": personal,
        "windowStart": resources_window_start(as_of),
        "minCoveredShare": FORCES_MIN_COVERED_SHARE,
    }


@dataclass(frozen=True)
class NetworkEdgeRow:
    source: str
    target: str
    kind: str
    since: date | None
    post_role: str | None = None
    """The post's role, for ``HOLDS_POST``."""
    pairing: str | None = None
    """What a ``PAIRED_WITH`` pairs (:data:`PAIRING_KINDS`)."""


def assemble(row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[NetworkEdgeRow]]:
    """The kept nodes, center first, and the edges between them, each once.

    A node is a map ``{code, _label, text, covered, special, kind, stage}``: text is the name, or a
    household's address; ``covered`` (households), ``special`` (households and people, when asked for),
    ``kind`` and ``stage`` (compounds) are None where they do not apply. Edges come grouped by the node
    they reach; an edge between two nodes of the same hop comes from both ends, and edges to nodes the
    limit or a filter cut away are dropped here.
    """
    stages = dict(packed.split(" ", 1) for packed in row.get("stages") or [])
    nodes = []
    for packed in row["nodes"]:
        code, label, covered, special, kind, text = packed.split(" ", 5)
        nodes.append(
            {
                "code": code,
                "_label": label,
                "text": text,
                "covered": _flag(covered),
                "special": _flag(special),
                "kind": None if kind == "-" else kind,
                "stage": stages.get(code),
            }
        )
    labels = {n["code"]: n["_label"] for n in nodes}
    edges: dict[str, NetworkEdgeRow] = {}
    for group in row["edges"]:
        for packed in group:
            source, target, rel_type, since, role = packed.split(" ")
            if packed in edges or source not in labels or target not in labels:
                continue
            kind = HOLDS_POST if rel_type == HOLDS_POST else EDGE_KINDS[rel_type]
            edges[packed] = NetworkEdgeRow(
                source,
                target,
                kind,
                date.fromisoformat(since) if since else None,
                post_role=role or None,
                pairing=PAIRING_KINDS.get(labels[target]) if rel_type == "PAIRED_WITH" else None,
            )
    return nodes, list(edges.values())


def _flag(value: str) -> bool | None:
    return None if value == "-" else value == "1"
