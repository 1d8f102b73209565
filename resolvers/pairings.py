"""Pairing mutations: arguments in, a ``graph/pairings`` change, the payload's fields out."""

from __future__ import annotations

from functools import partial
from typing import Any

from strawberry.types import Info

from graph import pairings
from resolvers.mutations import decode_ids, mutate, perform, validate

PAIRING_FIELDS = {"member": "member", "household": "household"}


async def pair_member_with_household(info: Info, input: Any) -> dict[str, Any]:
    async def run() -> Any:
        codes = decode_ids(input, member_id="Person", household_id="Household")
        command = validate(pairings.PairMemberWithHousehold, {**codes, "since": input.since or info.context.today})
        work = partial(pairings.pair_member_with_household, cmd=command)
        return await perform(info, "pairMemberWithHousehold", work, command, input.idempotency_key)

    return await mutate(info, run, PAIRING_FIELDS)


async def end_pairing(info: Info, input: Any) -> dict[str, Any]:
    async def run() -> Any:
        codes = decode_ids(input, member_id="Person", household_id="Household")
        data = {**codes, "until": input.until or info.context.today, "reason": input.reason}
        command = validate(pairings.EndPairing, data)
        work = partial(pairings.end_pairing, cmd=command)
        return await perform(info, "endPairing", work, command, input.idempotency_key)

    return await mutate(info, run, PAIRING_FIELDS)
