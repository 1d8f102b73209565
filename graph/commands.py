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

import re
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

COMMAND = ConfigDict(populate_by_name=True, frozen=True, use_enum_values=True)
"""Fields named after their input by explicit aliases (``member: str = Field(alias="memberId")``). An enum
field (a ``StrEnum``) holds its value, the plain string the graph stores and the audit record shows."""

CAMEL_COMMAND = ConfigDict(populate_by_name=True, frozen=True, alias_generator=to_camel, use_enum_values=True)
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


# ---------------------------------------------------------------- phones and ID numbers (a ledger's, a person's)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(body: str) -> str:
    """The check character of a resident ID number's first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _phone(value: str) -> str:
    """A mainland mobile number (11 digits, 1[3-9]…) or a landline with its area code (0913-1234567)."""
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise PydanticCustomError("phone", "must be a mobile number (11 digits) or a landline with its area code")
    return value


def _id_number(value: str) -> str:
    """An 18-character resident ID number: 17 digits, a valid birth date in them, and the right check character."""
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise PydanticCustomError("id_number_form", "must be 18 characters: 17 digits and a digit or X")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise PydanticCustomError("id_number_birth", "holds no valid birth date (characters 7 to 14)") from None
    if id_check_digit(value[:17]) != value[17]:
        raise PydanticCustomError("id_number_check", "has a wrong check character (the last one)")
    return value


Phone = Annotated[str, AfterValidator(_phone)]
IdNumber = Annotated[str, AfterValidator(_id_number)]
"""A resident ID number (身份证号). Its birth date and sex digit are facts about the person: see
:func:`id_number_birth_date` and :func:`id_number_gender`."""


def id_number_birth_date(value: str) -> date:
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def id_number_gender(value: str) -> str:
    """``M`` or ``F``: the 17th digit is odd for men."""
    return "M" if int(value[16]) % 2 else "F"
