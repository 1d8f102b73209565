"""api.enums.graphql_enum: a graph/ StrEnum served as the GraphQL enum of its name, with the API's descriptions."""

from __future__ import annotations

from enum import StrEnum

import pytest
import strawberry

from api.enums import graphql_enum


def _schema(kind: type[StrEnum]) -> strawberry.Schema:
    def echo(value: kind) -> kind:  # type: ignore[valid-type]
        assert isinstance(value, kind), "the resolver gets the graph's own member"
        return value

    echo.__annotations__ = {"value": kind, "return": kind}

    @strawberry.type
    class Query:
        echo_kind = strawberry.field(resolver=echo)

    return strawberry.Schema(query=Query)


def test_the_graphql_enum_is_the_strenum_with_its_descriptions() -> None:
    class Stage(StrEnum):
        DELIBERATE = "DELIBERATE"
        DONE = "DONE"

    graphql_enum(Stage, "Where it stands.", {"DONE": "Settled."})
    schema = _schema(Stage)
    sdl = schema.as_str()
    assert '"""Where it stands."""\nenum Stage {\n  DELIBERATE\n\n  """Settled."""\n  DONE\n}' in sdl
    result = schema.execute_sync("{ echoKind(value: DONE) }")
    assert result.errors is None and result.data == {"echoKind": "DONE"}


def test_an_enum_a_resolver_named_first_is_still_one_type_with_the_descriptions() -> None:
    class Kind(StrEnum):
        DISPUTE = "DISPUTE"
        OTHER = "OTHER"

    # strawberry makes an enum it meets in an annotation a GraphQL enum of its own (without descriptions), and
    # the annotation keeps that definition: a second one of the same name would break the schema.
    first = strawberry.enum(Kind).__strawberry_definition__  # type: ignore[attr-defined]
    graphql_enum(Kind, "What it is.", {"DISPUTE": "A dispute."})
    assert Kind.__strawberry_definition__ is first  # type: ignore[attr-defined]
    sdl = _schema(Kind).as_str()
    assert '"""What it is."""\nenum Kind {\n  """A dispute."""\n  DISPUTE\n  OTHER\n}' in sdl


def test_a_description_of_no_member_is_refused() -> None:
    class Grant(StrEnum):
        WORKING_FUNDS = "WORKING_FUNDS"

    with pytest.raises(ValueError, match="PARTY_FEE"):
        graphql_enum(Grant, values={"PARTY_FEE": "党费补助"})
