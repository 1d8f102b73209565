"""The Relay building blocks: the ``Node`` interface, connections with keyset cursors, and the
registry that turns a row from Neo4j into the strawberry type of its label."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, TypeVar

import strawberry

from api import ids

T = TypeVar("T")

ENTITY_TYPES: dict[str, Any] = {}
"""Label → strawberry type, filled by :func:`entity`."""


@strawberry.interface(description="Every entity has a global id (Relay) and a stable human-readable code.")
class Node:
    code: str

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode(type(self).__name__, self.code))


def entity(cls: type[T]) -> type[T]:
    """Register a strawberry entity type under its label (its class name)."""
    ENTITY_TYPES[cls.__name__] = cls
    return cls


def _camel(name: str) -> str:
    """``amount_yuan`` → ``amountYuan``: the graph's property keys are camelCase (docs/MODEL.md)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class FromRow:
    """Builds an instance from a node map returned by Cypher, keeping only the declared fields.

    A snake_case field reads the camelCase property of the same name (``amount_yuan`` ← ``amountYuan``).
    """

    _init_fields: ClassVar[tuple[tuple[str, str], ...] | None] = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Any:
        names = cls.__dict__.get("_init_fields")
        if names is None:
            fields = dataclasses.fields(cls)  # type: ignore[arg-type]
            names = tuple((f.name, _camel(f.name)) for f in fields if f.init)
            cls._init_fields = names
        return cls(**{name: row.get(key) for name, key in names})


def to_node(row: dict[str, Any] | None) -> Any:
    """The strawberry object for a node map carrying its label in ``_label``."""
    if row is None:
        return None
    return ENTITY_TYPES[row["_label"]].from_row(row)


# ---------------------------------------------------------------- connections


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]

    @strawberry.field(description="All rows in the connection, counted in Neo4j without fetching them.")
    async def total_count(self) -> int:
        return await self.count()


DEFAULT_PAGE = 20
MAX_PAGE = 100


def encode_cursor(key: str) -> str:
    return base64.b64encode(f"k:{key}".encode()).decode("ascii")


def decode_cursor(cursor: str | None) -> str | None:
    """The sort key a cursor stands for. Cursors are keys, not offsets: rows added or removed
    between pages neither repeat nor skip the rows after the key."""
    if cursor is None:
        return None
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        text = ""
    if not text.startswith("k:"):
        raise ids.BadId(f"after: {cursor!r} is not a cursor from this API", "after")
    return text[2:]


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if not 1 <= first <= MAX_PAGE:
        raise ids.BadId(f"first: must be between 1 and {MAX_PAGE}, got {first}", "first")
    return first


def connection(
    rows: list[dict[str, Any]],
    first: int,
    after: str | None,
    count: Callable[[], Awaitable[int]],
    key: str = "code",
    make: Callable[[dict[str, Any]], Any] = to_node,
) -> Any:
    """A connection from up to ``first + 1`` rows in key order (the extra row says there is a next page).

    ``key`` names the row's unique sort key (what the cursor stands for); ``count`` runs only when the
    client asks for ``totalCount``.
    """
    page = rows[:first]
    edges = [Edge(cursor=encode_cursor(str(r[key])), node=make(r)) for r in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )
