"""What every change's command shares: how it reads its input, and the checks on text and days.

A command is a frozen pydantic model validated from the client's input; each error names the input
field at fault (see ``resolvers/mutations.validate``). Text is checked, never changed: it is stored
exactly as given (a string that looks like Cypher is only text).
"""

from __future__ import annotations

import re
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
