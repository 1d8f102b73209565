"""Look-ups by global id and by code.

When the selection below a look-up navigates relationships (``graph/relationships.py``), the look-up reads
the entity and all of them in one compiled query (``resolvers/compiled.py``); otherwise the request's entity
loader batches it with the request's other look-ups.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from api import ids
from api.node import ENTITY_TYPES, Node, to_node
from resolvers import compiled


async def resolve_node(info: Info, id: strawberry.ID) -> Node | None:
    type_name, code = ids.decode(id)
    if type_name not in ENTITY_TYPES:
        raise ids.BadId(f"id: {id!r} names no type of this API", "id")
    below = compiled.root_plan(info, frozenset({type_name}))
    if below:
        row = (await compiled.entities(info, [code], below)).get(code)
        return compiled.make(row, below) if row is not None and row["_label"] == type_name else None
    row = await info.context.loaders.entity.load(code)
    return to_node(row) if row is not None and row["_label"] == type_name else None


async def resolve_nodes(
    info: Info, ids_: Annotated[list[strawberry.ID], strawberry.argument(name="ids")]
) -> list[Node | None]:
    decoded = [ids.decode(i, "ids") for i in ids_]
    for (type_name, _), raw in zip(decoded, ids_, strict=True):
        if type_name not in ENTITY_TYPES:
            raise ids.BadId(f"ids: {raw!r} names no type of this API", "ids")
    below = compiled.root_plan(info)
    if below:
        found = await compiled.entities(info, list(dict.fromkeys(code for _, code in decoded)), below)
        return [
            compiled.make(row, below) if (row := found.get(code)) is not None and row["_label"] == type_name else None
            for type_name, code in decoded
        ]
    rows = await info.context.loaders.entity.load_many([code for _, code in decoded])
    return [
        to_node(row) if row is not None and row["_label"] == type_name else None
        for (type_name, _), row in zip(decoded, rows, strict=True)
    ]


async def resolve_by_code(info: Info, code: str) -> Node | None:
    below = compiled.root_plan(info)
    if below:
        row = (await compiled.entities(info, [code], below)).get(code)
        return compiled.make(row, below) if row is not None and row["_label"] in ENTITY_TYPES else None
    row = await info.context.loaders.entity.load(code)
    return to_node(row) if row is not None and row["_label"] in ENTITY_TYPES else None
