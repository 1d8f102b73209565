"""Root fields of the Party organization domain."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from resolvers.lists import scope_params, scoped_page
from resolvers.scopes import scope_argument


async def resolve_party_organizations(
    info: Info,
    scope: strawberry.ID | None,
    kind: str | None,
    joint: bool | None,
    as_of: date | None,
    first: int | None,
    after: str | None,
) -> Any:
    day = info.context.day(as_of)
    found = await scope_argument(info, scope, day)
    params = {**scope_params(found), "asOf": day, "kind": kind, "joint": joint}
    return await scoped_page(
        info,
        "PartyOrganization",
        "organizations/page_organizations",
        "organizations/count_organizations",
        params,
        first,
        after,
    )
