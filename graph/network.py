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
block per hop; labels and relationship types come from the constants below, never from input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

MIN_DEPTH = 1
MAX_DEPTH = 3
DEFAULT_LIMIT = 500
MAX_LIMIT = 2000

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

# Every node and edge comes back packed in one string, fields separated by spaces (codes, labels, types
# and dates hold none; a name or address comes last and may): "code Label name" and "source target TYPE
# since" (since empty when not time-bounded). The driver decodes one value instead of a list or map of
# four, which is most of the client's time for a network of hundreds of nodes.
_HEAD = """\
// The pairing network around one entity on $asOf, breadth first (built by graph/network.py).
MATCH (center:Entity {code: $center})
WHERE $label IN labels(center)
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
      MATCH (n)-[r:%(types)s]-(m:%(labels)s)
      WHERE r.validFrom IS NULL OR (r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo))
      RETURN m, startNode(r).code + ' ' + endNode(r).code + ' ' + type(r) + ' '
                + coalesce(toString(r.validFrom), '') AS edge
      UNION ALL
      MATCH (n:Person)-[h:HOLDS]->(:Post)-[:POST_OF]->(m:%(labels)s)
      WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
      RETURN m, n.code + ' ' + m.code + ' %(post)s ' + toString(h.validFrom) AS edge
      UNION ALL
      MATCH (n)<-[:POST_OF]-(:Post)<-[h:HOLDS]-(m:Person)
      WHERE h.validFrom <= $asOf AND (h.validTo IS NULL OR $asOf < h.validTo)
      RETURN m, m.code + ' ' + n.code + ' %(post)s ' + toString(h.validFrom) AS edge
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

_TAIL = """\
RETURN [x IN seen | x.code + ' ' + [l IN labels(x) WHERE l <> 'Entity'][0] + ' '
                    + coalesce(CASE WHEN x:Household THEN x.address ELSE x.name END, '')] AS nodes,
       edges, truncated"""


def network_query(
    center: str, label: str, depth: int, as_of: date, limit: int = DEFAULT_LIMIT
) -> tuple[str, dict[str, Any]]:
    """The Cypher and parameters for the network ``depth`` hops around the ``label`` entity ``center``.

    The query returns one row ``{nodes, edges, truncated}`` (none when there is no such entity); pass it
    to :func:`assemble`. ``depth`` and ``limit`` must already be checked (see the bounds above).
    """
    if not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between {MIN_DEPTH} and {MAX_DEPTH}")
    if label not in NODE_KINDS:
        raise ValueError(f"{label} cannot be the center of a network")
    hop = _HOP % {"types": "|".join(EDGE_KINDS), "labels": "|".join(NODE_KINDS), "post": HOLDS_POST}
    text = "\n".join([_HEAD, *([hop] * depth), _TAIL])
    params = {"center": center, "label": label, "asOf": as_of, "limit": limit, "rank": NODE_RANK}
    return text, params


@dataclass(frozen=True)
class NetworkEdgeRow:
    source: str
    target: str
    kind: str
    since: date | None


def assemble(row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[NetworkEdgeRow]]:
    """The kept nodes (maps ``{code, _label, text}``: text is the name, or a household's address), center
    first, and the edges between them, each once.

    Edges come grouped by the node they reach; an edge between two nodes of the same hop comes from both
    ends, and edges to nodes the limit cut away are dropped here.
    """
    nodes = []
    for packed in row["nodes"]:
        code, label, text = packed.split(" ", 2)
        nodes.append({"code": code, "_label": label, "text": text})
    kept = {n["code"] for n in nodes}
    edges: dict[str, NetworkEdgeRow] = {}
    for group in row["edges"]:
        for packed in group:
            source, target, rel_type, since = packed.split(" ")
            if packed in edges or source not in kept or target not in kept:
                continue
            kind = HOLDS_POST if rel_type == HOLDS_POST else EDGE_KINDS[rel_type]
            edges[packed] = NetworkEdgeRow(source, target, kind, date.fromisoformat(since) if since else None)
    return nodes, list(edges.values())
