"""Named clinical invariants: what a recorded course must never show.

Each invariant is shared by :func:`~guideline.audit`, which reports the
deviations of a recorded history, and by the test suite, which checks that
courses that follow :func:`~guideline.recommend` never break one.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ._course import Course, Dated, Discontinuation, DoseChange, DoseChangeReason, StopReason
from ._exact import exact
from ._nephrotoxicity import creatinine_alert
from ._parameters import (
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    TAPER_STEP_MIN_WEEKS,
    Parameters,
)
from ._phase import in_remission, relapsed
from ._relapse import latest_above_nephrotic
from ._remission import Remission, remission_history
from ._status import Status, course_status
from ._stop_window import before_stop_window, maintenance_end, stop_window_closes
from ._taper import (
    before_taper_start,
    last_taper_step,
    reduced_dose_band,
    reduced_dose_kept,
    reduced_dose_reached,
    too_soon_after_last_step,
)
from ._therapy import TherapyPeriod, period_on, therapy_periods
from ._traceability import implements
from ._trial import (
    before_minimum_trial,
    high_grade_baseline,
    responded,
    response_check,
    trending_down,
    troughs_at_target,
    value_since_response_check,
)

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Deviation:
    """A place where a recorded course departs from the guideline.

    Attributes:
        invariant: Id of the invariant broken.
        on: Date of the departure.
        message: What happened, with the dates and numbers involved.
        statements: The statements the invariant protects.
    """

    invariant: str
    on: date
    message: str
    statements: tuple[str, ...]


Check = Callable[[Course, Parameters], Iterator[tuple[date, str]]]


@dataclass(frozen=True)
class Invariant:
    """A clinical invariant, stated plainly and checkable over a course.

    Attributes:
        id: Stable id, e.g. ``taper_only_in_remission``.
        description: The invariant in plain words.
        statements: Statement ids it protects.
        interpretations: Interpretation ids that make it exact.
        check: Yields the date and a message for each departure in a course.
    """

    id: str
    description: str
    statements: tuple[str, ...]
    interpretations: tuple[str, ...]
    check: Check = field(repr=False, compare=False)

    def deviations(self, course: Course, parameters: Parameters) -> tuple[Deviation, ...]:
        """Every departure from this invariant in ``course``."""
        return tuple(
            Deviation(self.id, on, message, self.statements)
            for on, message in self.check(course, parameters)
        )


def _taper_steps(course: Course) -> Iterator[DoseChange]:
    for change in course.dose_changes:
        if change.reason is DoseChangeReason.TAPER:
            yield change


def _stops(course: Course, reason: StopReason) -> Iterator[Discontinuation]:
    for stop in course.discontinuations:
        if stop.reason is reason:
            yield stop


def _judged(
    course: Course, events: Iterable[Dated], parameters: Parameters
) -> Iterator[tuple[Dated, Status]]:
    """Each event with the status in which it was decided: data up to its date, treatment before.

    The statuses are worked out once per course, date and parameters, and
    shared by every invariant of an audit.
    """
    memo = course.memo
    for event in events:
        key = ("before acting", event.on, parameters)
        if key not in memo:
            memo[key] = course_status(course, event.on, parameters, before_acting=True)
        yield event, typing.cast(Status, memo[key])


def _taper_only_in_remission(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for step, status in _judged(course, _taper_steps(course), parameters):
        if not in_remission(status):
            yield (
                step.on,
                f"taper step to {step.dose_mg_per_day:g} mg/day without a confirmed remission",
            )


def _taper_not_before_minimum(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for step, status in _judged(course, _taper_steps(course), parameters):
        if status.remission is not None and before_taper_start(status):
            yield (
                step.on,
                (
                    f"taper step before the taper start {status.taper_start} "
                    f"({status.remission.level.value} remission)"
                ),
            )


def _taper_step_interval(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for step, status in _judged(course, _taper_steps(course), parameters):
        previous = last_taper_step(status.course, status.period, step.on)
        if previous is not None and too_soon_after_last_step(status):
            yield (
                step.on,
                (
                    f"taper step {(step.on - previous.on).days} days after the "
                    f"previous one on {previous.on}"
                ),
            )


def _taper_held_by_nephrotoxicity(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for step, status in _judged(course, _taper_steps(course), parameters):
        if creatinine_alert(status):
            yield (
                step.on,
                f"taper step while the nephrotoxicity alert is open: {status.creatinine.explain()}",
            )


def _taper_held_by_relapse_signal(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    """In remission, a step taken on a value above the nephrotic level that awaits confirmation.

    A step without a remission (a confirmed relapse included) is left to
    ``taper_only_in_remission``, so one step is not reported twice.
    """
    for step, status in _judged(course, _taper_steps(course), parameters):
        latest = status.response.latest
        if latest is not None and in_remission(status) and latest_above_nephrotic(status):
            yield (
                step.on,
                (
                    f"taper step while proteinuria {latest.value:g} {latest.unit} on "
                    f"{latest.on} is above {NEPHROTIC_LEVEL:g} and a relapse is not ruled out"
                ),
            )


def _ineffective_stop_after_trial(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if before_minimum_trial(status):
            yield (
                stop.on,
                (
                    f"stopped for non-response before month {MINIMUM_TRIAL_MONTHS} "
                    f"({response_check(status.period).closes})"
                ),
            )


def _ineffective_stop_at_target_trough(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if not troughs_at_target(status):
            yield (
                stop.on,
                "stopped for non-response without troughs at target: "
                + status.response.troughs.explanation,
            )


def _ineffective_stop_only_without_response(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    """A stop for non-response where the trial's criteria find a response, or none to judge.

    The month-6 and trough conditions are the two invariants above; this one
    asks the rest of the trial's questions, in the order its rows ask them.
    """
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if in_remission(status):
            yield stop.on, "stopped for non-response while in remission"
        elif relapsed(status):
            yield stop.on, "stopped for non-response during a relapse, which keeps the dose"
        elif not value_since_response_check(status):
            opens = response_check(status.period).opens
            yield (
                stop.on,
                f"stopped for non-response with no proteinuria value since {opens} that can be "
                f"compared with a non-zero baseline",
            )
        elif responded(status):
            yield (
                stop.on,
                f"stopped for non-response although proteinuria fell by {status.response.fall:.1%}",
            )
        elif high_grade_baseline(status) and trending_down(status):
            yield (
                stop.on,
                "stopped for non-response although a high-grade baseline is still falling",
            )


def _planned_stop_in_window(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for stop, status in _judged(course, _stops(course, StopReason.PLANNED), parameters):
        if not in_remission(status):
            yield stop.on, "planned stop without a confirmed remission"
        elif not reduced_dose_kept(status) or before_stop_window(status):
            window = status.window
            opens = f"opens {window.opens}" if window else "has not opened: no reduced dose yet"
            yield stop.on, f"planned stop in remission before the stop window ({opens})"


def _reduced_dose_floor(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """A step below the band before maintenance is complete, judged on the recorded doses.

    It reads the doses alone, in or out of remission (a step without one is
    also ``taper_only_in_remission``): the floor protects the maintenance dose.
    """
    for step in _taper_steps(course):
        period = period_on(course, step.on)
        floor = reduced_dose_band(period, parameters)[0]
        if exact(step.dose_mg_per_day) >= floor:
            continue
        reached = reduced_dose_reached(course, period, step.on - _DAY, parameters)
        if reached is None or step.on < maintenance_end(reached):
            yield (
                step.on,
                (
                    f"taper step to {step.dose_mg_per_day:g} mg/day, below the floor "
                    f"{float(floor):g} mg/day, before maintenance is complete"
                ),
            )


def _past_stop_window(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    horizon = course.last_recorded
    for period in therapy_periods(course):
        for remission in remission_history(course, period, horizon, parameters).episodes:
            day = _first_day_past_window(course, period, remission, horizon, parameters)
            ongoing = day is not None and (remission.ended is None or remission.ended >= day)
            if day is not None and ongoing and course.dose_on(day) is not None:
                yield (
                    day,
                    (
                        f"CNI continued past the stop window, which closed "
                        f"{stop_window_closes(remission)} (remission from {remission.confirmed})"
                    ),
                )


def _first_day_past_window(
    course: Course,
    period: TherapyPeriod,
    remission: Remission,
    horizon: date,
    parameters: Parameters,
) -> date | None:
    """First day after tR + 24 months on which maintenance is also complete (D8, A8)."""
    day = stop_window_closes(remission) + _DAY
    while day <= horizon and (period.next_start is None or day < period.next_start):
        reduced = reduced_dose_reached(course, period, day, parameters)
        if reduced is not None and day >= maintenance_end(reduced):
            return day
        later = [c.on for c in course.dose_changes if day < c.on <= horizon]
        day = maintenance_end(reduced) if reduced is not None else min(later, default=horizon)
        if reduced is None and not later:
            return None
    return None


INVARIANTS: dict[str, Invariant] = {
    invariant.id: invariant
    for invariant in (
        Invariant(
            "taper_only_in_remission",
            "No taper step without a confirmed remission.",
            ("G3", "C1"),
            ("D4", "D5", "A4"),
            _taper_only_in_remission,
        ),
        Invariant(
            "taper_not_before_minimum",
            f"No taper step before month {MINIMUM_TRIAL_MONTHS} in complete remission, or "
            f"before month {PARTIAL_REMISSION_TAPER_MONTHS} in partial remission.",
            ("B1", "B3", "G2"),
            ("D5", "A4"),
            _taper_not_before_minimum,
        ),
        Invariant(
            "taper_step_interval",
            f"Taper steps are never closer together than {TAPER_STEP_MIN_WEEKS} weeks.",
            ("C1",),
            ("D6", "A4"),
            _taper_step_interval,
        ),
        Invariant(
            "taper_held_by_nephrotoxicity",
            "No taper step while the nephrotoxicity alert is open.",
            ("E2", "C2"),
            ("D11", "D6"),
            _taper_held_by_nephrotoxicity,
        ),
        Invariant(
            "taper_held_by_relapse_signal",
            f"No taper step in remission while the latest proteinuria is above "
            f"{NEPHROTIC_LEVEL:g} and a relapse is neither confirmed nor ruled out.",
            ("C1", "C2", "E3"),
            ("D4", "D6", "A9", "A12"),
            _taper_held_by_relapse_signal,
        ),
        Invariant(
            "ineffective_stop_after_trial",
            f"No stop for non-response before month {MINIMUM_TRIAL_MONTHS} of therapy.",
            ("B1", "B2"),
            ("D2",),
            _ineffective_stop_after_trial,
        ),
        Invariant(
            "ineffective_stop_at_target_trough",
            "No stop for non-response unless troughs were at target over the response period.",
            ("B2", "E1"),
            ("D3",),
            _ineffective_stop_at_target_trough,
        ),
        Invariant(
            "ineffective_stop_only_without_response",
            "No stop for non-response in remission or during a relapse, without a proteinuria "
            f"value from month {RESPONSE_CHECK_MONTHS} to compare with a non-zero baseline, "
            "after a fall of at least the response threshold, or while a high-grade baseline is "
            "still falling.",
            ("B2", "G1", "G3"),
            ("D2", "A10", "A11"),
            _ineffective_stop_only_without_response,
        ),
        Invariant(
            "planned_stop_in_window",
            "No planned stop in remission before the stop window opens.",
            ("H1", "C2", "C3"),
            ("D8",),
            _planned_stop_in_window,
        ),
        Invariant(
            "reduced_dose_floor",
            f"The taper does not go below about half of the starting dose before "
            f"{MAINTENANCE_MONTHS} months of maintenance are complete.",
            ("C1", "C2"),
            ("D6", "D7", "A4"),
            _reduced_dose_floor,
        ),
        Invariant(
            "past_stop_window",
            f"The CNI is not continued in remission beyond {STOP_WINDOW_CLOSES_MONTHS} "
            f"months after remission without reassessment.",
            ("H1", "C3", "L1"),
            ("D8",),
            _past_stop_window,
        ),
    )
}
"""Every clinical invariant, by id."""

implements("G3", "C1", "D4", "D5")(_taper_only_in_remission)
implements("B1", "B3", "G2", "D5")(_taper_not_before_minimum)
implements("C1", "D6")(_taper_step_interval)
implements("E2", "C2", "D11", "D6")(_taper_held_by_nephrotoxicity)
implements("C1", "C2", "E3", "A9", "A12")(_taper_held_by_relapse_signal)
implements("B1", "B2", "D2")(_ineffective_stop_after_trial)
implements("B2", "E1", "D3")(_ineffective_stop_at_target_trough)
implements("B2", "G1", "G3", "D2", "A10", "A11")(_ineffective_stop_only_without_response)
implements("H1", "C2", "C3", "R2", "D8")(_planned_stop_in_window)
implements("C1", "C2", "D6", "D7")(_reduced_dose_floor)
implements("H1", "C3", "L1", "D8", "A8")(_past_stop_window)
