"""What every mutation resolver does: decode ids, validate input, run the change, report userErrors.

A mutation resolver is then three steps::

    codes = decode_ids(input, member_id="Person", household_id="Household")   # Refused on a bad id
    command = validate(PairMemberWithHousehold, {**codes, "since": ...})       # Refused on bad input
    outcome = await perform(info, "pairMemberWithHousehold", work, input)      # Refused on a rule

and :func:`user_errors` turns any :class:`Refused` into the payload's ``userErrors``: nothing written.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import re
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from strawberry.types import Info

from api import ids
from api.errors import UserError
from api.node import to_node
from graph.changes import Change, Input, Outcome, Refused, Request, Work, apply, fingerprint

M = TypeVar("M", bound=BaseModel)

_CAMEL = re.compile(r"_([a-z])")

IDEMPOTENCY_KEY_MAX = 100


def camel(name: str) -> str:
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


class InputErrors(Exception):
    """Several input problems at once (every bad field is reported, not only the first)."""

    def __init__(self, errors: list[Refused]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def decode_ids(data: Any, **expected: str | tuple[str, ...]) -> dict[str, str | None]:
    """Codes for the id fields of an input (``field_name="Type"``); every malformed or wrong-type id is reported."""
    codes: dict[str, str | None] = {}
    errors: list[Refused] = []
    for name, types in expected.items():
        value = getattr(data, name)
        field = camel(name)
        if value is None:
            codes[field] = None
            continue
        try:
            codes[field] = ids.decode_as(str(value), types, field)
        except ids.BadId as exc:
            errors.append(Refused("INVALID_ID", exc.message.split(": ", 1)[1], ("input", field)))
    if errors:
        raise InputErrors(errors)
    return codes


def validate(model: type[M], data: dict[str, Any], today: date | None = None) -> M:
    """The command, or :class:`InputErrors` naming each bad field by its input name (``today``: the county's,
    for the checks on days, see ``graph/commands.py``)."""
    try:
        return model.model_validate(data, context={"today": today})
    except ValidationError as exc:
        raise InputErrors(
            [
                Refused(
                    error["type"].upper(),
                    error["msg"].removeprefix("Value error, "),
                    ("input", *(str(part) for part in error["loc"])),
                )
                for error in exc.errors()
            ]
        ) from None


async def perform(
    info: Info,
    operation: str,
    work: Work,
    input: Any,
    codes: dict[str, str | None] | None = None,
    ids: dict[str, str | tuple[str, ...]] | None = None,
) -> Outcome:
    """Run ``work`` as the change ``operation`` asked for by ``input`` (the client's input object), by
    the request's viewer. ``codes`` are the input's decoded ids (from :func:`decode_ids` with ``ids``):
    each must name an entity of its type that the caller may see.

    A repeated request is recognised by its idempotency key and the input *as the client sent it*
    (defaults such as today's date are left out), so a retry on another day still finds its first result.
    """
    ctx = info.context
    key = getattr(input, "idempotency_key", None)
    if key is not None and not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX:
        raise Refused("INVALID", f"must be 1 to {IDEMPOTENCY_KEY_MAX} characters", ("input", "idempotencyKey"))
    return await apply(
        ctx.graph,
        request=Request(
            viewer=ctx.viewer,
            request_id=ctx.request_id,
            client_request_id=ctx.client_request_id,
            today=ctx.today,
            quotas=ctx.quotas,
        ),
        operation=operation,
        work=work,
        inputs=_inputs(codes or {}, ids or {}),
        idempotency_key=key,
        input_fingerprint=fingerprint(operation, _as_sent(input)) if key else None,
    )


def _inputs(codes: dict[str, str | None], ids: dict[str, str | tuple[str, ...]]) -> tuple[Input, ...]:
    """The entities an input names, in its fields' order: ``ids`` maps field names (``member_id``) to types."""
    found = []
    for name, types in ids.items():
        code = codes.get(camel(name))
        if code is not None:
            found.append(Input(camel(name), code, (types,) if isinstance(types, str) else tuple(types)))
    return tuple(found)


def _as_sent(input: Any) -> dict[str, Any]:
    """The client's input without its idempotency key, enums by value (for the fingerprint)."""
    sent = dataclasses.asdict(input)
    sent.pop("idempotency_key", None)
    return {k: v.value if isinstance(v, enum.Enum) else v for k, v in sent.items()}


def user_errors(exc: Refused | InputErrors) -> list[Any]:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    return [UserError(field=list(e.field) if e.field else None, message=e.message, code=e.code) for e in errors]


async def load(info: Info, code: str | None) -> Any:
    """The entity a payload returns, read after the change (through the request's loader)."""
    if code is None:
        return None
    row = await info.context.loaders.entity.load(code)
    return to_node(row)


async def mutate(info: Info, run: Callable[[], Awaitable[Outcome]], fields: dict[str, str]) -> dict[str, Any]:
    """Run a mutation; return its payload's fields: ``fields`` maps them to keys of the change's result."""
    try:
        outcome = await run()
    except (Refused, InputErrors) as exc:
        if isinstance(exc, Refused) and exc.retry_after is not None and info.context.response is not None:
            info.context.response.headers["Retry-After"] = str(exc.retry_after)
        return {"user_errors": user_errors(exc)}
    # Loaded together, so that the payload's entities are one batched read.
    loaded = await asyncio.gather(*(load(info, outcome.result.get(key)) for key in fields.values()))
    return {"user_errors": [], **dict(zip(fields, loaded, strict=True))}


def starting(info: Info, input: Any) -> dict[str, Any]:
    """A start's day: as given, or today."""
    return {"since": input.since or info.context.today}


def ending(info: Info, input: Any) -> dict[str, Any]:
    """An ending's day (as given, or today) and reason."""
    return {"until": input.until or info.context.today, "reason": input.reason}


async def change(
    info: Info,
    input: Any,
    operation: str,
    model: type[BaseModel],
    work: Callable[..., Awaitable[Change]],
    ids: dict[str, str | tuple[str, ...]],
    values: dict[str, Any],
    fields: dict[str, str],
) -> dict[str, Any]:
    """Decode the input's ids (``field_name="Type"``), validate it with the other ``values``, run ``work``."""

    async def run() -> Any:
        codes = decode_ids(input, **ids)
        command = validate(model, {**codes, **values}, info.context.today)
        return await perform(info, operation, partial(work, cmd=command), input, codes, ids)

    return await mutate(info, run, fields)
