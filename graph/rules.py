"""The business rules, stated once in Python: shared by the read API (as Cypher parameters, and where an API
field applies a rule to facts a query fetched) and by the seed's ground truth.

A time-bounded relationship *holds* on day ``d`` when ``validFrom <= d AND (validTo IS NULL OR d < validTo)``.

Coverage (联户 and 包楼栋): a household is *covered* on day ``d`` when a person is paired with it
(``(:Person)-[:PAIRED_WITH]->(:Household)``, 联户) or with its building (``-[:PAIRED_WITH]->(:Building)``,
包楼栋: a cadre who takes on a building answers for every household in it) on ``d``. The Cypher statement
of the same rule is the pair of fragments ``graph/queries/coverage/_building_coverage.cypher`` (the
building's part, judged once per building) and ``_household_coverage.cypher`` (the household's, and the union).

The five haves (五有) of a compound on day ``d``:

- PARTY_ORGANIZATION: a compound branch answering for it with a secretary on ``d``, or an area group
  answering for its area with a group leader on ``d``;
- FORCES: at least one building, every building with a building leader on ``d``, and at least
  :data:`FORCES_MIN_COVERED_SHARE` of its households covered on ``d``;
- VENUE: a venue serves it or its grid;
- RESOURCES: a unit paired with its area, or a grant (not voided) disbursed in the last
  :data:`RESOURCES_WINDOW_MONTHS` months to a Party organization answering for it or its area, or a
  micro-project at it or its area started by ``d``, not completed before that window and not cancelled
  by ``d``;
- MECHANISM: a self-governance body serves it and a deliberation platform serves it or its grid.

Stage: FIVE_HAVES when all five are met, TRANSITIONAL when the Party organization is, else UNORGANIZED.

Deadlines (the queues of wishes, matters and milestones): an item is *open* on day ``d`` from the day it
opened (a wish submitted, a matter raised) until the day it closed (a wish fulfilled, rejected or cancelled,
a matter settled, a milestone done or its project cancelled), that day excluded. It is *overdue* on ``d``
when it is open and its due day is before ``d``, and *due soon* when it is open and due within
:data:`DUE_SOON_DAYS` days from ``d`` (``d`` included). Days are the county's local days (Asia/Shanghai).
The Cypher statement of the same rule is the fragment ``graph/queries/queues/_deadline.cypher``.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

COUNTY_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""The county's time zone: "today", and every date shown to people, is the county's."""


def county_today() -> date:
    """``asOf`` defaults to today in the county's time zone, not the server's."""
    return datetime.now(COUNTY_TIMEZONE).date()


FORCES_MIN_COVERED_SHARE = 0.9
"""FORCES needs at least this share of a compound's households covered (paired, or in a paired building)."""

RESOURCES_WINDOW_MONTHS = 12
"""RESOURCES counts grants and micro-projects from this many months back (exclusive) to the day."""

FIVE_HAVES_KEYS = ("PARTY_ORGANIZATION", "FORCES", "VENUE", "RESOURCES", "MECHANISM")

FIVE_HAVES_FIGURES: dict[str, tuple[tuple[str, float], ...]] = {
    "PARTY_ORGANIZATION": (("organizationsWithLeader", 1),),
    "FORCES": (("coveredShare", FORCES_MIN_COVERED_SHARE), ("ledBuildingShare", 1.0)),
    "VENUE": (("venues", 1),),
    "RESOURCES": (("resources", 1),),
    "MECHANISM": (("selfGovernanceBodies", 1), ("deliberationPlatforms", 1)),
}
"""Each criterion's figures as ``(name, threshold)``: it is met when every figure reaches its threshold.

``organizationsWithLeader``: compound branches answering for the compound and area groups answering for its
area, with their secretary or group leader in post; ``coveredShare``: covered households over households
(0 without households); ``ledBuildingShare``: buildings with a leader over buildings (0 without buildings);
``venues``: venues serving it or its grid; ``resources``: units paired with its area, plus grants and
micro-projects in the window; ``selfGovernanceBodies`` serving it; ``deliberationPlatforms`` serving it or
its grid. The first figure is the criterion's headline (``FiveHavesCriterion.value``)."""

STAGES = ("UNORGANIZED", "TRANSITIONAL", "FIVE_HAVES")
"""The five-haves stages, furthest from the goal first."""

DUE_SOON_DAYS = 7
"""An open item is due soon when its due day is at most this many days ahead."""

MATTER_DUE_DAYS = 30
"""A matter raised without a due day is due this many days after it was raised (议事 within a month)."""


def holds(valid_from: date, valid_to: date | None, day: date) -> bool:
    """Whether a time-bounded relationship holds on ``day`` (half-open ``[validFrom, validTo)``)."""
    return valid_from <= day and (valid_to is None or day < valid_to)


def covered(paired_directly: bool, building_paired: bool) -> bool:
    """Whether a household is covered: someone is paired with it (联户) or with its building (包楼栋)."""
    return paired_directly or building_paired


def months_before(day: date, months: int) -> date:
    """``day`` minus whole months, clamped to the month's last day (as Cypher's ``date - duration``)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def resources_window_start(day: date) -> date:
    """The exclusive lower bound of the RESOURCES window: ``day - RESOURCES_WINDOW_MONTHS months``."""
    return months_before(day, RESOURCES_WINDOW_MONTHS)


def met(key: str, values: dict[str, float]) -> bool:
    """Whether the five-haves criterion ``key`` is met by its figures' values (``FIVE_HAVES_FIGURES``)."""
    return all(values[name] >= threshold for name, threshold in FIVE_HAVES_FIGURES[key])


def share(part: int, whole: int) -> float:
    """``part / whole``, 0 for an empty whole (as the five-haves queries compute it)."""
    return part / whole if whole else 0.0


def stage(criteria: dict[str, bool]) -> str:
    """The five-haves stage of a compound from its five criteria."""
    if all(criteria[key] for key in FIVE_HAVES_KEYS):
        return "FIVE_HAVES"
    if criteria["PARTY_ORGANIZATION"]:
        return "TRANSITIONAL"
    return "UNORGANIZED"


def is_open(opened_on: date | None, closed_on: date | None, day: date) -> bool:
    """Whether an item (a wish, a matter, a milestone) is open on ``day``."""
    return (opened_on is None or opened_on <= day) and (closed_on is None or day < closed_on)


def overdue(due_on: date | None, opened_on: date | None, closed_on: date | None, day: date) -> bool:
    """Open on ``day`` and due before it."""
    return due_on is not None and due_on < day and is_open(opened_on, closed_on, day)


def due_soon(due_on: date | None, opened_on: date | None, closed_on: date | None, day: date) -> bool:
    """Open on ``day`` and due from ``day`` to :data:`DUE_SOON_DAYS` days after it."""
    return (
        due_on is not None
        and day <= due_on <= day + timedelta(days=DUE_SOON_DAYS)
        and is_open(opened_on, closed_on, day)
    )
