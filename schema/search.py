"""Search by code, name or address (the look-ups people make before they navigate)."""

from __future__ import annotations

import enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from api.node import DEFAULT_PAGE, Node, to_node
from graph import search
from resolvers import search as resolvers
from resolvers.network import entity_label


@strawberry.enum(description="What a search looks for.")
class SearchKind(enum.Enum):
    HOUSEHOLD = strawberry.enum_value("HOUSEHOLD", description="Households, by address.")
    PERSON = strawberry.enum_value(
        "PERSON", description="Persons, by name (only for roles that see names; everyone else: by code)."
    )
    UNIT = strawberry.enum_value("UNIT", description="Co-building units, by name.")
    COMPOUND = strawberry.enum_value("COMPOUND", description="Compounds, by name.")
    AREA = strawberry.enum_value("AREA", description="Areas (片区), by name.")
    GRID = strawberry.enum_value("GRID", description="Grids, by name.")
    COMMUNITY = strawberry.enum_value("COMMUNITY", description="Communities, by name.")
    PARTY_ORGANIZATION = strawberry.enum_value("PARTY_ORGANIZATION", description="Party organizations, by name.")
    VOLUNTEER_TEAM = strawberry.enum_value("VOLUNTEER_TEAM", description="Volunteer teams, by name.")


LABEL_KINDS = {label: SearchKind(kind) for kind, label in search.SEARCH_KINDS.items()}


@strawberry.type(description="One search result.")
class SearchHit:
    kind: SearchKind
    node: Node
    label: str = strawberry.field(
        description="What to show: the name (a household: its address); a person's name masked unless the caller's "
        "role needs it."
    )
    score: float = strawberry.field(description="Full-text relevance; 0 for an exact code match.")
    exact_code: bool = strawberry.field(description="True when the text is the entity's code; such a hit comes first.")


async def resolve_search(
    info: Info,
    text: Annotated[str, strawberry.argument(description="A code, or words of a name or an address (两字以上).")],
    kinds: Annotated[
        list[SearchKind] | None,
        strawberry.argument(description="Only these kinds (default: all; an empty list finds nothing)."),
    ] = None,
    first: int = DEFAULT_PAGE,
) -> list[SearchHit]:
    labels = list(search.SEARCH_KINDS.values()) if kinds is None else [search.SEARCH_KINDS[k.name] for k in kinds]
    rows = await resolvers.find(info, text, labels, first)
    sees = info.context.viewer.sees_personal_data
    return [
        SearchHit(
            kind=LABEL_KINDS[r["node"]["_label"]],
            node=to_node(r["node"]),
            label=entity_label(r["node"], sees),
            score=r["score"],
            exact_code=r["exact"],
        )
        for r in rows
    ]


@strawberry.type
class SearchQuery:
    search: list[SearchHit] = strawberry.field(
        resolver=resolve_search,
        description=(
            "Find entities by code or by words of their name (households: of their address), over the full-text "
            "indexes (CJK analyzer). An exact code comes first, then the best matches; every word must match, "
            "and a Chinese word needs at least two characters. The text is matched literally: Lucene syntax in "
            "it (quotes, *, :, AND/OR) is not interpreted. Personal data: persons are found by name only by "
            "roles that see names (county, community and grid workers); anyone else (e.g. an analyst) finds a "
            "person only by exact code and sees the name masked, since a name search would reveal who lives in "
            "which household. First: 1 to 100 hits (default 20)."
        ),
    )
