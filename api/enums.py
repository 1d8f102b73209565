"""One enum for the API and for validation: a ``StrEnum`` declared in its ``graph/`` module (the commands'
pydantic models validate with it) becomes the GraphQL enum of the same name here, with the API's descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=type[StrEnum])


def graphql_enum(cls: E, description: str | None = None, values: Mapping[str, str] | None = None) -> E:
    """Make ``cls`` the strawberry enum of its name, in place: resolvers and inputs take and give its members,
    which are the strings the graph stores. ``values`` describes members by name; every key must be one."""
    values = dict(values or {})
    unknown = set(values) - set(cls.__members__)
    if unknown:
        raise ValueError(f"{cls.__name__} has no member {', '.join(sorted(unknown))}")
    # A resolver's argument may have named the enum before this ran, and strawberry then made it an enum
    # without descriptions: that definition is completed rather than replaced (one type of that name).
    earlier = cls.__dict__.get("__strawberry_definition__")
    definition = strawberry.enum(cls, description=description).__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = values.get(value.name)
    if earlier is not None:
        earlier.description, earlier.values = definition.description, definition.values
        cls.__strawberry_definition__ = earlier  # type: ignore[attr-defined]
    return cls
