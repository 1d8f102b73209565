"""The business rules' thresholds, shared by the read API (Cypher parameters) and the seed's ground truth.

The five haves (五有) of a compound on day ``d``; a time-bounded relationship *holds* on ``d`` when
``validFrom <= d AND (validTo IS NULL OR d < validTo)``:

- PARTY_ORGANIZATION: a compound branch answering for it with a secretary on ``d``, or an area group
  answering for its area with a group leader on ``d``;
- FORCES: at least one building, every building with a building leader on ``d``, and at least
  :data:`FORCES_MIN_PAIRED_SHARE` of its households paired with a Person on ``d``;
- VENUE: a venue serves it or its grid;
- RESOURCES: a unit paired with its area, or a grant (not voided) disbursed in the last
  :data:`RESOURCES_WINDOW_MONTHS` months to a Party organization answering for it or its area, or a
  micro-project at it or its area started by ``d``, not completed before that window and not cancelled
  by ``d``;
- MECHANISM: a self-governance body serves it and a deliberation platform serves it or its grid.

Stage: FIVE_HAVES when all five are met, TRANSITIONAL when the Party organization is, else THREE_NO.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

COUNTY_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""The county's time zone: "today", and every date shown to people, is the county's."""


def county_today() -> date:
    """``asOf`` defaults to today in the county's time zone, not the server's."""
    return datetime.now(COUNTY_TIMEZONE).date()


FORCES_MIN_PAIRED_SHARE = 0.9
"""FORCES needs at least this share of a compound's households paired with a Person."""

RESOURCES_WINDOW_MONTHS = 12
"""RESOURCES counts grants and micro-projects from this many months back (exclusive) to the day."""

FIVE_HAVES_KEYS = ("PARTY_ORGANIZATION", "FORCES", "VENUE", "RESOURCES", "MECHANISM")


def holds(valid_from: date, valid_to: date | None, day: date) -> bool:
    """Whether a time-bounded relationship holds on ``day`` (half-open ``[validFrom, validTo)``)."""
    return valid_from <= day and (valid_to is None or day < valid_to)


def months_before(day: date, months: int) -> date:
    """``day`` minus whole months, clamped to the month's last day (as Cypher's ``date - duration``)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def resources_window_start(day: date) -> date:
    """The exclusive lower bound of the RESOURCES window: ``day - RESOURCES_WINDOW_MONTHS months``."""
    return months_before(day, RESOURCES_WINDOW_MONTHS)


def stage(criteria: dict[str, bool]) -> str:
    """The five-haves stage of a compound from its five criteria."""
    if all(criteria[key] for key in FIVE_HAVES_KEYS):
        return "FIVE_HAVES"
    if criteria["PARTY_ORGANIZATION"]:
        return "TRANSITIONAL"
    return "THREE_NO"
