"""The post-remission taper: when it may start, its steps, when the reduced dose is reached.

Its facts follow D5-D7 with the revision-2 precisions: doses rounded to the
dose step (D20, P11), the next step at least 4 weeks after any reduction (P7),
and the taper measured from the trial's starting dose (P6). Its rows
(:class:`TaperVerdict`) wait for the taper start, wait between steps, or step.
"""

from __future__ import annotations

import typing
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache

from ._calendar import add_months, add_weeks
from ._course import Course, DoseChange, DoseChangeReason, origin
from ._decision_table import Criterion, DecisionRule
from ._doses import below, lower_than, rounded
from ._exact import exact
from ._parameters import (
    MINIMUM_TRIAL_MONTHS,
    PARTIAL_REMISSION_TAPER_MONTHS,
    REDUCED_DOSE_FRACTION,
    TAPER_STEP_MAX_WEEKS,
    TAPER_STEP_MIN_WEEKS,
    Parameters,
)
from ._remission import Remission
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._vocabulary import Action, Phase

if typing.TYPE_CHECKING:
    from ._status import Status
    from ._trial import Trial


class TaperVerdict(StrEnum):
    """The decisions of a remission before and during the taper, in the order they are checked."""

    AWAITING = "awaiting_taper"
    WAIT = "taper_wait"
    STEP = "taper_step"


@dataclass(frozen=True)
class TaperStep:
    """The next step of the taper.

    Attributes:
        earliest: First date the step may be taken.
        latest: Date by which it falls due (8 weeks after the last step), when
            there was a previous step in reach.
        dose_mg_per_day: The dose after the step, rounded to the dose step.
    """

    earliest: date
    latest: date | None
    dose_mg_per_day: float


REDUCTIONS = frozenset(
    {DoseChangeReason.TAPER, DoseChangeReason.WITHDRAWAL, DoseChangeReason.CREATININE_RISE}
)
"""The dose changes that lower the dose on purpose (A4, D17, D19)."""


def taper_start(trial: Trial, remission: Remission) -> date:
    """Earliest date the taper may start in this remission (D5, P5).

    Complete remission: the later of its date and month 6 of the trial. Partial
    remission: the later of tR and month 12. A partial remission that becomes
    complete takes whichever date comes first; a complete one that a recorded
    partial remission lowers once the taper could start keeps its date (P5).
    """
    partial_from = max(remission.confirmed, add_months(trial.start, PARTIAL_REMISSION_TAPER_MONTHS))
    complete = remission.complete_from
    if complete is None and remission.first_complete is not None:
        kept = max(remission.first_complete, add_months(trial.start, MINIMUM_TRIAL_MONTHS))
        if remission.lowered is not None and remission.lowered >= kept:
            complete = remission.first_complete
    if complete is None:
        return partial_from
    return min(partial_from, max(complete, add_months(trial.start, MINIMUM_TRIAL_MONTHS)))


def reduced_dose_band(trial: Trial, parameters: Parameters) -> tuple[Fraction, Fraction]:
    """Lowest and highest dose (mg/day) that count as about half the starting dose (D6).

    Exact values (see ``exact``): a dose written as 1.8 is within a band whose
    upper bound is 60% of 3.0.
    """
    return _band(trial.starting_dose_mg_per_day, parameters.reduced_dose_tolerance)


def _dose_band(starting_dose: float, tolerance: float) -> tuple[Fraction, Fraction]:
    start = exact(starting_dose)
    target = exact(REDUCED_DOSE_FRACTION)
    return (target - exact(tolerance)) * start, (target + exact(tolerance)) * start


_band = lru_cache(maxsize=1024)(_dose_band)
"""The band of :func:`_dose_band`, worked out once per starting dose and tolerance."""


def step_from(dose: float, trial: Trial, agent: str, parameters: Parameters) -> float | None:
    """The dose one taper step below ``dose``, or None when the taper is complete (D6, A6, P11).

    The step is a fraction of the trial's starting dose, never below half of
    it, rounded to the dose step; a step that rounds back to the current dose
    goes one dose step lower, as a cut does (P7); below the band's lower edge
    it takes the next step up. The taper is complete when the dose is within
    the band, or when no step lands below the current dose.
    """
    return _step(
        dose,
        trial.starting_dose_mg_per_day,
        parameters.reduced_dose_tolerance,
        parameters.taper_step_fraction,
        parameters.dose_step(agent),
    )


def _taper_step(
    dose: float, starting: float, tolerance: float, fraction: float, step: float
) -> float | None:
    low, high = _band(starting, tolerance)
    current = exact(dose)
    if current <= high:
        return None
    start = exact(starting)
    target = max(current - exact(fraction) * start, exact(REDUCED_DOSE_FRACTION) * start)
    new = rounded(target, step)
    if not lower_than(new, current, step):
        new = below(current, step)
    if new < low:
        new += exact(step)
    return float(new) if lower_than(new, current, step) else None


_step = lru_cache(maxsize=4096)(_taper_step)
"""The step of :func:`_taper_step`, worked out once per dose, starting dose and parameters."""


def reduced_dose_reached(
    course: Course, period: TherapyPeriod, trial: Trial, on: date, parameters: Parameters
) -> date | None:
    """Date the taper became complete and has stayed so up to ``on`` (D7, P7, P11).

    Returns:
        The start of the current run of doses at which the taper is complete
        (see :func:`step_from`), counted within the trial from its start; None
        if the dose is above it (or the CNI is stopped) on ``on``.
    """
    if not _complete(course, course.dose_on(on), trial, parameters):
        return None
    days, last_incomplete = _taper_runs(course, period, trial, parameters)
    before = bisect_left(days, on)
    latest = last_incomplete[before]
    if latest < 0:
        return trial.start
    return on if latest == before else days[latest]


def _complete(course: Course, dose: float | None, trial: Trial, parameters: Parameters) -> bool:
    """Whether the taper is complete at ``dose`` (a stop is not a complete taper)."""
    return dose is not None and step_from(dose, trial, course.agent.value, parameters) is None


def _taper_runs(
    course: Course, period: TherapyPeriod, trial: Trial, parameters: Parameters
) -> tuple[list[date], list[int]]:
    """The trial's dose-change days, and where the taper was last not complete.

    Entry ``i`` of the second list is the last of the trial's start (0) and
    its first ``i`` dose-change days (1 to ``i``) on which the taper was not
    complete, or -1. Worked out once on the course the copies known on each
    date were cut from, and shared by them: it reads each day once.
    """
    full = origin(course)
    key = ("taper runs", period.start, trial.start, trial.starting_dose_mg_per_day, parameters)
    memo = full.memo
    if key not in memo:
        changes = period.observed(full.dose_changes, full.last_recorded, since=trial.start)
        days = [change.on for change in changes]
        latest = -1
        last_incomplete = []
        for position, day in enumerate([trial.start, *days]):
            if not _complete(full, full.dose_on(day), trial, parameters):
                latest = position
            last_incomplete.append(latest)
        memo[key] = (days, last_incomplete)
    return typing.cast(tuple[list[date], list[int]], memo[key])


def last_taper_step(course: Course, period: TherapyPeriod, on: date) -> DoseChange | None:
    """The latest taper step of the period on or before ``on`` (A4)."""
    for change in reversed(period.observed(course.dose_changes, on)):
        if change.reason is DoseChangeReason.TAPER:
            return change
    return None


def last_reduction(course: Course, period: TherapyPeriod, on: date) -> DoseChange | None:
    """The period's last taper or withdrawal step, or cut for creatinine, by ``on`` (P7)."""
    for change in reversed(period.observed(course.dose_changes, on)):
        if change.reason in REDUCTIONS:
            return change
    return None


def next_taper_step(
    course: Course,
    period: TherapyPeriod,
    trial: Trial,
    on: date,
    allowed_from: date,
    parameters: Parameters,
) -> TaperStep | None:
    """The next taper step, or None when the taper is complete (D6, A6, P7, P11).

    Args:
        course: The course.
        period: The current period of therapy.
        trial: The current trial.
        on: The evaluation date.
        allowed_from: The taper start of :func:`taper_start`.
        parameters: Step size, tolerance and dose steps.
    """
    dose = course.dose_on(on)
    new_dose = None if dose is None else step_from(dose, trial, course.agent.value, parameters)
    if new_dose is None:
        return None
    last = last_reduction(course, period, on)
    if last is None or last.on < trial.start:
        return TaperStep(allowed_from, None, new_dose)
    earliest = max(allowed_from, add_weeks(last.on, TAPER_STEP_MIN_WEEKS))
    latest = add_weeks(last.on, TAPER_STEP_MAX_WEEKS)
    return TaperStep(earliest, latest if latest >= earliest else None, new_dose)


def before_taper_start(status: Status) -> bool:
    """In remission, before the date the taper may start (D5)."""
    return status.taper_start is not None and status.on < status.taper_start


def too_soon_after_last_step(status: Status) -> bool:
    """Less than 4 weeks since the last dose reduction of the period (C1, D6, P7)."""
    last = last_reduction(status.course, status.period, status.on)
    return last is not None and status.on < add_weeks(last.on, TAPER_STEP_MIN_WEEKS)


def reduced_dose_kept(status: Status) -> bool:
    """In remission, the taper is complete and the dose has stayed there (C2, D7)."""
    return status.reduced_dose_date is not None


BEFORE_TAPER_START = Criterion(
    f"before the taper may start (month {MINIMUM_TRIAL_MONTHS} for a complete remission, "
    f"month {PARTIAL_REMISSION_TAPER_MONTHS} for a partial one, our reading of G2)",
    "the taper may start",
    ("B1", "B3", "G2", "G3", "D5"),
    ("MINIMUM_TRIAL_MONTHS", "PARTIAL_REMISSION_TAPER_MONTHS"),
    test=before_taper_start,
)
TOO_SOON_AFTER_LAST_STEP = Criterion(
    f"less than {TAPER_STEP_MIN_WEEKS} weeks since the last dose reduction",
    f"at least {TAPER_STEP_MIN_WEEKS} weeks since the last dose reduction, or none yet",
    ("C1", "D6", "D17"),
    ("TAPER_STEP_MIN_WEEKS",),
    test=too_soon_after_last_step,
)
REDUCED_DOSE_KEPT = Criterion(
    "the reduced dose has been reached and kept",
    "the dose is still above about half of the starting dose",
    ("C1", "C2", "D7", "D20", "A6"),
    ("reduced_dose_tolerance",),
    test=reduced_dose_kept,
)


def _remission(status: Status) -> Remission:
    assert status.remission is not None
    return status.remission


def _next_step(status: Status) -> TaperStep:
    assert status.next_step is not None
    return status.next_step


AWAITING_TAPER_RULES = (
    DecisionRule(
        TaperVerdict.AWAITING,
        Phase.AWAITING_TAPER,
        (),
        Action.CONTINUE,
        ("B1", "B3", "G2", "G3", "H1", "D4", "D5"),
        says=lambda s: (
            f"{_remission(s).level.value.capitalize()} remission since "
            f"{_remission(s).confirmed}. Continue at the target trough: the taper may start on "
            f"{s.taper_start}, no sooner than month {MINIMUM_TRIAL_MONTHS} for a complete "
            f"remission or month {PARTIAL_REMISSION_TAPER_MONTHS} for a partial one (our "
            f"reading of the source's year at target for a partial response)."
        ),
        review=lambda s: s.taper_start,
    ),
)
"""The one row while a remission waits for the taper start."""

TAPER_WAIT = DecisionRule(
    TaperVerdict.WAIT,
    Phase.TAPER,
    (TOO_SOON_AFTER_LAST_STEP,),
    Action.CONTINUE,
    ("C1", "D6"),
    says=lambda s: (
        f"Taper under way: the next step is due from {_next_step(s).earliest}, as steps are "
        f"{TAPER_STEP_MIN_WEEKS} to {TAPER_STEP_MAX_WEEKS} weeks apart."
    ),
    review=lambda s: _next_step(s).earliest,
)
"""The taper row between two steps."""

TAPER_STEP = DecisionRule(
    TaperVerdict.STEP,
    Phase.TAPER,
    (),
    Action.REDUCE_DOSE,
    ("C1", "G3", "H1", "D5", "D6", "D20", "A6"),
    says=lambda s: (
        f"In remission and past the taper start: lower the dose to "
        f"{_next_step(s).dose_mg_per_day:g} mg/day, on the way to about half of the starting "
        f"dose; the following step comes {TAPER_STEP_MIN_WEEKS} to {TAPER_STEP_MAX_WEEKS} "
        f"weeks later."
    ),
    review=lambda s: add_weeks(s.on, TAPER_STEP_MIN_WEEKS),
    dose=lambda s: _next_step(s).dose_mg_per_day,
)
"""The taper row when a step is due and nothing holds it."""

implements("D5", "B1", "B3", "G2", "G3")(taper_start)
implements("C2", "D7", "D17")(reduced_dose_reached)
implements("C1", "D6", "A6", "D20")(step_from)
implements("C1", "D6", "A6", "D17")(next_taper_step)
implements("A4")(last_taper_step)
implements("D17", "D19")(last_reduction)
