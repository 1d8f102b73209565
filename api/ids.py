"""Global ids (Relay): ``base64("Type:code")``. The code is the entity's stable code."""

from __future__ import annotations

import base64
import binascii
import re

from graphql import GraphQLError


class BadId(GraphQLError):
    """A malformed or wrong-type id: a validation error with a clear message, never a stack trace."""

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT", **({"argument": argument} if argument else {})})


def encode(type_name: str, code: str) -> str:
    return base64.b64encode(f"{type_name}:{code}".encode()).decode("ascii")


def decode(global_id: str, argument: str = "id") -> tuple[str, str]:
    """``(type name, code)`` of a global id; :class:`BadId` when it is not one of ours."""
    try:
        text = base64.b64decode(global_id.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadId(f"{argument}: {global_id!r} is not a valid id", argument) from None
    type_name, sep, code = text.partition(":")
    if not sep or not type_name or not code:
        raise BadId(f"{argument}: {global_id!r} is not a valid id", argument)
    return type_name, code


def decode_as(global_id: str, expected: str | tuple[str, ...], argument: str = "id") -> str:
    """The code of a global id that must name one of the ``expected`` types."""
    type_name, code = decode(global_id, argument)
    allowed = (expected,) if isinstance(expected, str) else expected
    if type_name not in allowed:
        raise BadId(f"{argument}: expected the id of a {' or '.join(allowed)}, got a {type_name} id", argument)
    return code


CODE = re.compile(r"[A-Z]{2}(?:[0-9]{2,12}|-[0-9A-F]{16})")
"""An entity's code: a type prefix and digits (seeded), or a prefix, a dash and 16 hex digits (created by the API).
Global ids are base64 text, which always holds lower-case letters, so the two never meet."""


def is_code(value: str) -> bool:
    """Whether ``value`` is shaped like an entity's code (``GR03``, ``MP-3F9A0C1D2E4B5A67``), not a global id."""
    return CODE.fullmatch(value) is not None
