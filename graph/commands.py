"""What every change's command shares: how it reads its input, and the checks on text and days.

A command is a frozen pydantic model validated from the client's input; each error names the input
field at fault (see ``resolvers/mutations.validate``). Text is checked, never changed: it is stored
exactly as given (a string that looks like Cypher is only text).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

NAME_MAX = 200
TEXT_MAX = 2000
REASON_MAX = 500

COMMAND = ConfigDict(populate_by_name=True, frozen=True)
"""Fields named after their input by explicit aliases (``member: str = Field(alias="memberId")``)."""

CAMEL_COMMAND = ConfigDict(populate_by_name=True, frozen=True, alias_generator=to_camel)
"""Fields read by their camelCase input names (``budget_yuan`` ← ``budgetYuan``)."""


def _not_blank(value: str) -> str:
    """A name or reason of spaces only says nothing."""
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


def _not_in_future(value: date, info: ValidationInfo) -> date:
    """A day something happened is not after the county's today (a command's excluded ``today`` field)."""
    today = info.data.get("today")
    if today is not None and value > today:
        raise PydanticCustomError("date_in_future", "must not be in the future (today is {today})", {"today": today})
    return value


NotBlank = AfterValidator(_not_blank)
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), NotBlank]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), NotBlank]
Reason = Annotated[str, Field(min_length=1, max_length=REASON_MAX), NotBlank]
Happened = Annotated[date, AfterValidator(_not_in_future)]
Today = Annotated[date, Field(exclude=True)]
"""The county's today, for the checks above; excluded from the command's dump (and so from its fingerprint)."""
