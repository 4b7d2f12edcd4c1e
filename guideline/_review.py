"""When the next review falls: every phase and every alert has a bound (D18, P1, P9, P13)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._calendar import add_months, add_weeks
from ._parameters import (
    OFF_THERAPY_CLOSE_MONTHS,
    OFF_THERAPY_REVIEW_MONTHS,
    STEADY_REVIEW_MONTHS,
    TAPER_STEP_MAX_WEEKS,
    TRIAL_REVIEW_MONTHS,
)
from ._traceability import implements
from ._vocabulary import Phase

if TYPE_CHECKING:
    from ._status import Status


def phase_bound(status: Status) -> date:
    """The latest next review the phase allows (D18, P4, P9).

    In a trial, a relapse or a withdrawal, a month (in a trial, never past the
    trial's month-12 bound while it lies ahead); in the taper, 8 weeks; in
    remission at a steady dose, 3 months; off the CNI, 3 months in the first
    year after the stop and 6 months after it.
    """
    on = status.on
    phase = status.phase
    if phase is Phase.OFF_THERAPY:
        stop = status.period.stop
        close = stop is not None and on < add_months(stop.on, OFF_THERAPY_CLOSE_MONTHS)
        return add_months(on, OFF_THERAPY_REVIEW_MONTHS[0 if close else 1])
    if phase in (Phase.INITIAL_TRIAL, Phase.RELAPSE):
        bound = add_months(on, TRIAL_REVIEW_MONTHS)
        return min(bound, status.trial.bound) if on < status.trial.bound else bound
    if phase is Phase.WITHDRAWAL:
        return add_months(on, TRIAL_REVIEW_MONTHS)
    if phase is Phase.TAPER:
        return add_weeks(on, TAPER_STEP_MAX_WEEKS)
    return add_months(on, STEADY_REVIEW_MONTHS)


def next_review(status: Status, bounds: list[date | None]) -> date:
    """The earliest of the phase's bound and ``bounds``, never before the evaluation date (P1)."""
    earliest = min([phase_bound(status), *(bound for bound in bounds if bound is not None)])
    return max(earliest, status.on)


implements("D18", "D13")(phase_bound)
implements("D18", "P1")(next_review)
