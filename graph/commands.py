"""What every change's command shares: how it reads its input, and the checks on text, days and money.

A command is a frozen pydantic model validated from the client's input; each error names the input
field at fault (see ``resolvers/mutations.validate``). Text is checked, never changed: it is stored
exactly as given (a string that looks like Cypher is only text).

Days and amounts must be plausible (the window and bounds are ``Limits`` settings): no day before
1949-10-01, none more than a year after today (:data:`Day`) unless it is a plan (:data:`Plan`), none after
today for something that happened (:data:`Happened`); a grant or a budget within its bound. The county's
today comes from the validation context (``{"today": ...}``) or from the command's own ``today`` field.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from graph.rules import county_today
from graph.settings import get_settings

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


def _today(info: ValidationInfo) -> date:
    context: Any = info.context
    if isinstance(context, dict) and context.get("today") is not None:
        return context["today"]
    return info.data.get("today") or county_today()


def _plausible(value: date, info: ValidationInfo, days_ahead: int | None) -> date:
    limits = get_settings().limits
    if value < limits.earliest_date:
        raise PydanticCustomError(
            "date_too_early", "must not be before {earliest}", {"earliest": limits.earliest_date.isoformat()}
        )
    today = _today(info)
    if days_ahead == 0 and value > today:
        raise PydanticCustomError("date_in_future", "must not be in the future (today is {today})", {"today": today})
    if days_ahead and value > today + timedelta(days=days_ahead):
        latest = (today + timedelta(days=days_ahead)).isoformat()
        raise PydanticCustomError("date_too_late", "must not be after {latest}", {"latest": latest})
    return value


def _not_in_future(value: date, info: ValidationInfo) -> date:
    """A day something happened: not before the earliest day, not after the county's today."""
    return _plausible(value, info, 0)


def _within_a_year(value: date, info: ValidationInfo) -> date:
    """A day a relationship starts or ends: not before the earliest day, at most a year ahead."""
    return _plausible(value, info, get_settings().limits.days_ahead)


def _a_plan(value: date, info: ValidationInfo) -> date:
    """A planned day (a planned start, a due date): not before the earliest day, at most ten years ahead."""
    return _plausible(value, info, get_settings().limits.plan_days_ahead)


def _grant_amount(value: int) -> int:
    if value > get_settings().limits.grant_yuan:
        raise PydanticCustomError(
            "amount_too_large", "must be at most {max} yuan", {"max": get_settings().limits.grant_yuan}
        )
    return value


def _budget(value: int) -> int:
    if value > get_settings().limits.budget_yuan:
        raise PydanticCustomError(
            "amount_too_large", "must be at most {max} yuan", {"max": get_settings().limits.budget_yuan}
        )
    return value


NotBlank = AfterValidator(_not_blank)
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), NotBlank]
Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), NotBlank]
Reason = Annotated[str, Field(min_length=1, max_length=REASON_MAX), NotBlank]
Happened = Annotated[date, AfterValidator(_not_in_future)]
Day = Annotated[date, AfterValidator(_within_a_year)]
Plan = Annotated[date, AfterValidator(_a_plan)]
GrantYuan = Annotated[int, Field(gt=0), AfterValidator(_grant_amount)]
BudgetYuan = Annotated[int, Field(ge=0), AfterValidator(_budget)]
Today = Annotated[date, Field(exclude=True)]
"""The county's today, for the checks above; excluded from the command's dump (and so from its fingerprint)."""
