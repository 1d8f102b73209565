"""The ``scope: ID`` argument of root analyses and lists, turned into the territory they count over."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api import ids
from api.errors import Forbidden, NotFound
from graph import scope as scopes


async def scope_argument(
    info: Info, scope: strawberry.ID | None, as_of: date | None = None, *, analysis: bool = False
) -> scopes.Scope:
    """The scope named by a root field's ``scope`` argument, limited to what the caller may see.

    The argument is a global id or an entity's code (``GR03``). Without one, everything the caller may
    see. A malformed id, or the id of a type that is not a scope, is a validation error naming ``scope``;
    a scope that does not exist, whose code names an entity that is not a scope, or that lies outside the
    caller's territory is NOT_FOUND. An ``analysis`` (counts over territory) asked by a role that sees no
    territory is FORBIDDEN.
    """
    ctx = info.context
    kind = code = None
    if scope is not None and ids.is_code(scope):
        code = str(scope)
    elif scope is not None:
        code = ids.decode_as(scope, scopes.SCOPE_TYPES, "scope")
        kind, _ = ids.decode(scope, "scope")
    try:
        return await scopes.resolve_scope(ctx.graph, ctx.viewer, kind, code, ctx.day(as_of), analysis=analysis)
    except scopes.ScopeNotFound as exc:
        raise NotFound(f"scope: {exc}") from None
    except scopes.NotPermitted as exc:
        raise Forbidden(str(exc)) from None
