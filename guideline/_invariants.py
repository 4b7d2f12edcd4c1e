"""Named clinical invariants: what a recorded course must never show.

Each invariant is shared by :func:`~guideline.audit`, which reports the
deviations of a recorded history, and by the test suite, which checks that
courses that follow :func:`~guideline.recommend` never break one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter

from ._calendar import add_months, add_weeks
from ._course import Course, Dated, Discontinuation, DoseChange, DoseChangeReason, StopReason
from ._exact import exact
from ._nephrotoxicity import creatinine_review
from ._parameters import (
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    TAPER_STEP_MIN_WEEKS,
    Parameters,
)
from ._remission import Remission, remission_histories, remission_history
from ._response import response, trough_review
from ._stop_window import maintenance_end, stop_window, stop_window_closes
from ._taper import reduced_dose_band, reduced_dose_reached, taper_start
from ._therapy import TherapyPeriod, period_on, therapy_periods
from ._traceability import implements

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


def _taper_steps(course: Course) -> Iterator[tuple[TherapyPeriod, DoseChange]]:
    for change in course.dose_changes:
        if change.reason is DoseChangeReason.TAPER:
            yield period_on(course, change.on), change


def _stops(course: Course, reason: StopReason) -> Iterator[tuple[TherapyPeriod, Discontinuation]]:
    for stop in course.discontinuations:
        if stop.reason is reason:
            yield period_on(course, stop.on), stop


def _in_remission(
    course: Course, dated: Iterable[tuple[TherapyPeriod, Dated]], parameters: Parameters
) -> Iterator[tuple[TherapyPeriod, Dated, Remission | None]]:
    """Each entry with the remission ongoing on its date in its period, if any (D4).

    The entries come in date order, so one reading of a period's data serves
    all of the period's entries (see :func:`remission_histories`).
    """
    for period, group in groupby(dated, key=itemgetter(0)):
        entries = [entry for _, entry in group]
        histories = remission_histories(course, period, [entry.on for entry in entries], parameters)
        for entry, history in zip(entries, histories, strict=True):
            yield period, entry, history.current


def _taper_only_in_remission(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for _, step, remission in _in_remission(course, _taper_steps(course), parameters):
        if remission is None:
            yield (
                step.on,
                f"taper step to {step.dose_mg_per_day:g} mg/day without a confirmed remission",
            )


def _taper_not_before_minimum(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for period, step, remission in _in_remission(course, _taper_steps(course), parameters):
        if remission is not None and step.on < taper_start(period, remission):
            yield (
                step.on,
                (
                    f"taper step before the taper start {taper_start(period, remission)} "
                    f"({remission.level.value} remission)"
                ),
            )


def _taper_step_interval(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    previous: tuple[TherapyPeriod, DoseChange] | None = None
    for period, step in _taper_steps(course):
        if (
            previous
            and previous[0] == period
            and step.on < add_weeks(previous[1].on, TAPER_STEP_MIN_WEEKS)
        ):
            yield (
                step.on,
                (
                    f"taper step {(step.on - previous[1].on).days} days after the "
                    f"previous one on {previous[1].on}"
                ),
            )
        previous = (period, step)


def _taper_held_by_nephrotoxicity(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for _, step in _taper_steps(course):
        review = creatinine_review(course, step.on)
        if review.alert:
            yield step.on, f"taper step while the nephrotoxicity alert is open: {review.explain()}"


def _ineffective_stop_after_trial(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for period, stop in _stops(course, StopReason.NON_RESPONSE):
        if stop.on < add_months(period.start, MINIMUM_TRIAL_MONTHS):
            yield (
                stop.on,
                (
                    f"stopped for non-response before month {MINIMUM_TRIAL_MONTHS} "
                    f"({add_months(period.start, MINIMUM_TRIAL_MONTHS)})"
                ),
            )


def _ineffective_stop_at_target_trough(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for period, stop in _stops(course, StopReason.NON_RESPONSE):
        review = trough_review(course, period, stop.on)
        if not review.at_target:
            yield (
                stop.on,
                f"stopped for non-response without troughs at target: {review.explanation}",
            )


def _ineffective_stop_only_without_response(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    stops = _stops(course, StopReason.NON_RESPONSE)
    for period, stop, remission in _in_remission(course, stops, parameters):
        measured = response(course, period, stop.on)
        check_from = add_months(period.start, RESPONSE_CHECK_MONTHS)
        high_grade = measured.baseline.value >= parameters.high_grade_proteinuria
        if remission is not None:
            yield stop.on, "stopped for non-response while in remission"
        elif measured.latest is None or measured.latest.on < check_from:
            yield stop.on, f"stopped for non-response with no proteinuria value since {check_from}"
        elif measured.fell_by(parameters.nonresponse_threshold):
            yield (
                stop.on,
                (f"stopped for non-response although proteinuria fell by {measured.fall:.1%}"),
            )
        elif high_grade and measured.trending_down:
            yield (
                stop.on,
                ("stopped for non-response although a high-grade baseline is still falling"),
            )


def _planned_stop_in_window(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    stops = _stops(course, StopReason.PLANNED)
    for period, stop, remission in _in_remission(course, stops, parameters):
        if remission is None:
            yield stop.on, "planned stop without a confirmed remission"
            continue
        reduced = reduced_dose_reached(course, period, stop.on - _DAY, parameters)
        window = stop_window(remission, reduced)
        if window is None or stop.on < window.opens:
            opens = f"opens {window.opens}" if window else "has not opened: no reduced dose yet"
            yield stop.on, f"planned stop in remission before the stop window ({opens})"


def _reduced_dose_floor(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    for period, step in _taper_steps(course):
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
            "No stop for non-response in remission, without a proteinuria value from month "
            f"{RESPONSE_CHECK_MONTHS}, after a fall of at least the response threshold, or while "
            "a high-grade baseline is still falling.",
            ("B2", "G1", "G3"),
            ("D2",),
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
implements("B1", "B2", "D2")(_ineffective_stop_after_trial)
implements("B2", "E1", "D3")(_ineffective_stop_at_target_trough)
implements("B2", "G1", "G3", "D2")(_ineffective_stop_only_without_response)
implements("H1", "C2", "C3", "R2", "D8")(_planned_stop_in_window)
implements("C1", "C2", "D6", "D7")(_reduced_dose_floor)
implements("H1", "C3", "L1", "D8", "A8")(_past_stop_window)
