"""The pairing network around one entity: one Cypher query (built by :mod:`graph.network`) per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from strawberry.types import Info

from api import ids
from api.errors import InvalidArgument, NotFound
from graph import network
from graph.privacy import mask_address, mask_name


@dataclass(frozen=True)
class Node:
    id: str
    code: str
    kind: str
    label: str
    covered: bool | None = None
    special: bool | None = None
    compound_kind: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    since: date | None
    post_role: str | None = None
    pairing: str | None = None


@dataclass(frozen=True)
class Found:
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool


def entity_label(row: dict[str, Any], sees_personal_data: bool) -> str:
    """What to show for an entity: its name (a household: its address; a person: masked unless allowed)."""
    text = row.get("address") if row["_label"] == "Household" else row.get("name")
    return _shown(row["_label"], text or row["code"], sees_personal_data)


def _shown(label: str, text: str, sees_personal_data: bool) -> str:
    # The network's labels are packed by its query, not node maps: masked here, by the same rules.
    if sees_personal_data:
        return text
    if label == "Person":
        return mask_name(text)
    return mask_address(text) if label == "Household" else text


async def network_around(
    info: Info,
    center: str,
    depth: int,
    as_of: date | None,
    limit: int,
    mode: str = network.AROUND,
    node_kinds: list[str] | None = None,
    edge_kinds: list[str] | None = None,
) -> Found:
    """The network around ``center`` (``mode`` AROUND) or the pairing picture of a territory (PAIRINGS),
    narrowed to the node and edge kinds asked for (None: all), limited to what the caller may see."""
    type_name, code = ids.decode(center, "center")
    if type_name not in network.NODE_KINDS:
        raise InvalidArgument("center", f"a {type_name} cannot be the center of a pairing network")
    if mode == network.PAIRINGS and type_name not in network.TERRITORY_LABELS:
        raise InvalidArgument("center", f"the PAIRINGS mode draws a territory, not a {type_name}")
    if mode == network.AROUND and not network.MIN_DEPTH <= depth <= network.MAX_DEPTH:
        raise InvalidArgument("depth", f"must be between {network.MIN_DEPTH} and {network.MAX_DEPTH}, got {depth}")
    if not 1 <= limit <= network.MAX_LIMIT:
        raise InvalidArgument("limit", f"must be between 1 and {network.MAX_LIMIT}, got {limit}")

    ctx = info.context
    labels = None if node_kinds is None else {label for label, kind in network.NODE_KINDS.items() if kind in node_kinds}
    sees = ctx.viewer.sees_personal_data
    options = {"node_labels": labels, "edge_kinds": edge_kinds, "personal": sees}
    if mode == network.PAIRINGS:
        query, params = network.picture_query(code, type_name, ctx.day(as_of), limit, **options)
    else:
        query, params = network.network_query(code, type_name, depth, ctx.day(as_of), limit, **options)
    row = await ctx.read_one(query, params)
    if row is None:
        raise NotFound(f"center: no {type_name} with id {center!r}")
    rows, edges = network.assemble(row)
    if not rows or rows[0]["code"] != code:
        raise NotFound(f"center: no {type_name} with id {center!r}")

    global_ids = {r["code"]: ids.encode(r["_label"], r["code"]) for r in rows}
    return Found(
        nodes=[
            Node(
                global_ids[r["code"]],
                r["code"],
                network.NODE_KINDS[r["_label"]],
                _shown(r["_label"], r["text"] or r["code"], sees),
                covered=r["covered"],
                special=r["special"] if sees else None,
                compound_kind=r["kind"],
                stage=r["stage"],
            )
            for r in rows
        ],
        edges=[
            Edge(global_ids[e.source], global_ids[e.target], e.kind, e.since, e.post_role, e.pairing)
            for e in edges
            if e.source in global_ids and e.target in global_ids
        ],
        truncated=bool(row["truncated"]),
    )
