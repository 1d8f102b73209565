"""The Tongguan data set: a deterministic generator, its loader and the ground truth it plants.

Everything time-dependent is fixed to :data:`REFERENCE_DATE`, so the figures never drift with the
wall clock. This module holds only constants, so that every submodule can import them freely.
"""

from __future__ import annotations

from datetime import date

DATASET_NAME = "tongguan"
SEED = 20230401
"""The one seed every draw derives from (the day the programme started)."""

REFERENCE_DATE = date(2026, 11, 1)
"""The day the ground truth is computed for."""

PROGRAM_START = date(2023, 4, 1)
"""No time-bounded relationship starts before this day."""

LAST_START = date(2026, 9, 30)
"""No time-bounded relationship starts after this day (well before the reference date)."""

PAIRING_END_DATE = date(2026, 6, 30)
"""The day a wave of cadre-household pairings ended (``validTo``)."""

LEADER_END_DATE = date(2026, 5, 15)
"""The day some building leaders stepped down and were not replaced."""

GRANT_YEAR = 2026
WORKING_FUNDS_DATE = date(2026, 1, 20)
PARTY_FEE_SUBSIDY_DATE = date(2026, 3, 3)
