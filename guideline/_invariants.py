"""Named clinical invariants: what a recorded course must never show.

Each invariant is shared by :func:`~guideline.audit`, which reports the
deviations of a recorded history, and by the test suite, which checks that
courses that follow :func:`~guideline.recommend` never break one. An invariant
that restates a rule asks the rule's own named criteria, on the status in which
the event it judges was decided (data up to its date, treatment before it).
"""

from __future__ import annotations

import typing
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ._calendar import add_months, add_weeks
from ._course import (
    Course,
    Creatinine,
    Dated,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    StopReason,
    entry_date,
    latest,
)
from ._decision_rules import review_date, standing_alerts, verdict
from ._doses import on_step
from ._exact import exact
from ._monitoring import proteinuria_fresh, target_unusual, value_since_last_step
from ._nephrotoxicity import creatinine_alert, creatinine_rise, cut_limit
from ._parameters import (
    FRESH_MONTHS,
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    SOON_REVIEW_WEEKS,
    STOP_WINDOW_CLOSES_MONTHS,
    TAPER_STEP_MIN_WEEKS,
    TRIAL_BOUND_MONTHS,
    TRIAL_REVIEW_MONTHS,
    Parameters,
)
from ._phase import in_remission
from ._relapse import latest_above_nephrotic, rising
from ._remission import Remission, remission_history
from ._status import Status, course_status
from ._stop_window import before_stop_window, maintenance_end, stop_window_closes
from ._taper import (
    REDUCTIONS,
    before_taper_start,
    last_reduction,
    reduced_dose_band,
    reduced_dose_kept,
    reduced_dose_reached,
    too_soon_after_last_step,
)
from ._therapy import TherapyPeriod, period_on, therapy_periods
from ._traceability import implements
from ._trial import (
    Trial,
    before_minimum_trial,
    high_grade_falling,
    latest_trough_adequate,
    nonresponse_confirmed,
    responded,
    response_check,
    trial_bound_reached,
    trials,
    troughs_at_target,
    value_since_response_check,
)
from ._vocabulary import Action

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


Event = DoseChange | Discontinuation
"""A recorded treatment decision."""

_STEPS = frozenset({DoseChangeReason.TAPER, DoseChangeReason.WITHDRAWAL})
"""The planned steps down: the taper's (C1) and the withdrawal's (D19)."""


def _changes(course: Course, reasons: frozenset[DoseChangeReason]) -> Iterator[DoseChange]:
    for change in course.dose_changes:
        if change.reason in reasons:
            yield change


def _taper_steps(course: Course) -> Iterator[DoseChange]:
    return _changes(course, frozenset({DoseChangeReason.TAPER}))


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
    for event in events:
        yield event, _status(course, event.on, parameters, before_acting=True)


def _status(course: Course, on: date, parameters: Parameters, *, before_acting: bool) -> Status:
    memo = course.memo
    key = ("status", on, parameters, before_acting)
    if key not in memo:
        memo[key] = course_status(course, on, parameters, before_acting=before_acting)
    return typing.cast(Status, memo[key])


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
        previous = last_reduction(status.course, status.period, step.on)
        if previous is not None and too_soon_after_last_step(status):
            yield (
                step.on,
                (
                    f"taper step {(step.on - previous.on).days} days after the "
                    f"previous reduction on {previous.on}"
                ),
            )


def _taper_held_by_nephrotoxicity(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for step, status in _judged(course, _changes(course, _STEPS), parameters):
        if creatinine_alert(status):
            yield (
                step.on,
                f"{step.reason.value} step while the nephrotoxicity alert is open: "
                f"{status.creatinine.explain()}",
            )


def _held_by_relapse_signal(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """In remission, a step down or a planned stop on a suspected relapse or a rise (D14, A12).

    A step without a remission (a confirmed relapse included) is left to
    ``taper_only_in_remission``, so one step is not reported twice.
    """
    events: list[Event] = [*_changes(course, _STEPS), *_stops(course, StopReason.PLANNED)]
    for event, status in _judged(course, sorted(events, key=entry_date), parameters):
        latest = status.response.latest
        if latest is None or not in_remission(status):
            continue
        what = _what(event)
        if latest_above_nephrotic(status):
            yield (
                event.on,
                f"{what} while proteinuria {latest.value:g} {latest.unit} on {latest.on} is "
                f"above {NEPHROTIC_LEVEL:g} and a relapse is not ruled out",
            )
        elif rising(status):
            yield (
                event.on,
                f"{what} while proteinuria {latest.value:g} {latest.unit} on {latest.on} has "
                f"risen well above its lowest since remission",
            )


def _held_by_old_values(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """A step down without a value since the last step, or a stop without a recent value (D18)."""
    events: list[Event] = [
        *_changes(course, _STEPS),
        *_stops(course, StopReason.PLANNED),
        *_stops(course, StopReason.NON_RESPONSE),
    ]
    for event, status in _judged(course, sorted(events, key=entry_date), parameters):
        if isinstance(event, DoseChange) and not value_since_last_step(status):
            yield event.on, f"{_what(event)} with no proteinuria quantified since the last step"
        elif isinstance(event, Discontinuation) and not proteinuria_fresh(status):
            yield (
                event.on,
                f"{_what(event)} with no proteinuria quantified in the last {FRESH_MONTHS} months",
            )


def _what(event: Event) -> str:
    if isinstance(event, DoseChange):
        return f"{event.reason.value} step to {event.dose_mg_per_day:g} mg/day"
    return f"{event.reason.value.replace('_', ' ')} stop"


def _ineffective_stop_after_trial(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if before_minimum_trial(status):
            yield (
                stop.on,
                (
                    f"stopped for non-response before month {MINIMUM_TRIAL_MONTHS} "
                    f"({response_check(status.trial).closes})"
                ),
            )


def _ineffective_stop_at_target_trough(
    course: Course, parameters: Parameters
) -> Iterator[tuple[date, str]]:
    """A stop for non-response before the trial's bound without troughs at target (D3).

    At the month-12 bound the stop needs no trough history: the exposure is
    bounded (D13, P4).
    """
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if not trial_bound_reached(status) and not troughs_at_target(status):
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
    asks the rest of the trial's questions, in the order its rows ask them. At
    the month-12 bound without remission a stop is due whatever the fall (D13).
    After a relapse on the CNI the questions are those of the new trial (P6, A11).
    """
    for stop, status in _judged(course, _stops(course, StopReason.NON_RESPONSE), parameters):
        if in_remission(status):
            yield stop.on, "stopped for non-response while in remission"
        elif trial_bound_reached(status):
            continue
        elif not value_since_response_check(status):
            opens = response_check(status.trial).opens
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
        elif not nonresponse_confirmed(status):
            yield stop.on, "stopped for non-response on one value, not yet confirmed"
        elif target_unusual(status):
            yield stop.on, "stopped for non-response judged on an unusual trough target"
        elif high_grade_falling(status):
            yield (
                stop.on,
                "stopped for non-response although a high-grade baseline is still falling",
            )


def _trial_bounded(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """The CNI still given a month after a stop at a trial's month-12 bound fell due (D13).

    The stop falls due on the first day from the bound on which the rule asks
    for it: no remission, a recent proteinuria value, none awaiting its
    confirming value (P4, P9). The month is the trial's longest review
    interval: the stop comes at the first review after that.
    """
    horizon = course.last_recorded
    for period in therapy_periods(course):
        history = remission_history(course, period, horizon, parameters)
        found = trials(course, period, history, horizon)
        confirmed = [episode.confirmed for episode in history.episodes]
        for trial, following in zip(found, [*found[1:], None], strict=True):
            ended = following is not None and following.start <= trial.bound
            if trial.bound > horizon or ended or _closed_before(period, trial.bound):
                continue
            first = bisect_left(confirmed, trial.start)
            if any(
                episode.ended is None or episode.ended > trial.bound
                for episode in history.episodes[first : bisect_right(confirmed, trial.bound)]
            ):
                continue
            due = _bound_stop_due(course, period, trial, horizon, parameters)
            if due is None:
                continue
            judged = add_months(due, TRIAL_REVIEW_MONTHS)
            if judged > horizon or (period.next_start is not None and judged >= period.next_start):
                continue
            status = _status(course, judged, parameters, before_acting=False)
            same = status.trial.start == trial.start
            if same and status.dose is not None and status.remission is None:
                yield (
                    due,
                    f"CNI continued past month {TRIAL_BOUND_MONTHS} of the trial from "
                    f"{trial.start} without a remission",
                )


def _closed_before(period: TherapyPeriod, day: date) -> bool:
    """Whether the CNI of ``period`` was stopped before ``day`` (a restart follows a stop)."""
    return period.stop is not None and period.stop.on < day


def _trial_start(trial: Trial) -> date:
    return trial.start


def _bound_stop_due(
    course: Course, period: TherapyPeriod, trial: Trial, horizon: date, parameters: Parameters
) -> date | None:
    """The first day from the trial's bound, itself by ``horizon``, on which its stop is due."""
    values = period.observed(course.proteinuria, horizon, since=trial.bound - _DAY)
    for day in [trial.bound, *(value.on for value in values)]:
        status = _status(course, day, parameters, before_acting=True)
        if status.trial.start != trial.start or status.dose is None:
            return None
        awaiting = status.history.awaiting is not None
        if trial_bound_reached(status) and proteinuria_fresh(status) and not awaiting:
            return day
    return None


def _creatinine_rise_acted_on(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """A confirmed unexplained creatinine rise, trough at target, with no lower dose in 4 weeks.

    Judged on the day the rise is confirmed; the dose must come down (a cut, a
    step or a stop) within the review interval of the nephrotoxicity alert
    (D17, P13). A rise during a recent cut waits for the cut's 4 weeks.
    """
    horizon = course.last_recorded
    reported: set[date] = set()
    measured = (value for value in course.creatinine if _above_cut_limit(course, value))
    for value, status in _judged(course, measured, parameters):
        if status.dose is None or not creatinine_rise(status) or not latest_trough_adequate(status):
            continue
        first = status.creatinine.rise_from
        deadline = add_weeks(value.on, SOON_REVIEW_WEEKS)
        if first is None or first in reported or deadline > horizon:
            continue
        reported.add(first)
        if not _lowered_between(course, value.on, deadline):
            yield (
                value.on,
                f"creatinine rise confirmed on {value.on} with no lower dose or stop by "
                f"{deadline}: {status.creatinine.explain()}",
            )


def _above_cut_limit(course: Course, value: Creatinine) -> bool:
    """Whether a rise may be confirmed on ``value``: above its period's cut limit.

    A cheap look before a status is worked out for the value.
    """
    if value.on <= course.start:
        return False
    period = period_on(course, value.on)
    baseline = latest(course.creatinine, period.start)
    return baseline is not None and exact(value.value) > cut_limit(baseline.value)


def _lowered_between(course: Course, first: date, last: date) -> bool:
    lowered = any(
        first <= change.on <= last for change in course.dose_changes if change.reason in REDUCTIONS
    )
    stopped = any(first <= stop.on <= last for stop in course.discontinuations)
    return lowered or stopped


def _dose_on_step(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """A step down or a cut to a dose that is not a whole number of dose steps (D20)."""
    step = parameters.dose_step(course.agent.value)
    for change in _changes(course, REDUCTIONS):
        if not on_step(change.dose_mg_per_day, step):
            yield (
                change.on,
                f"{change.reason.value} step to {change.dose_mg_per_day:g} mg/day, not a whole "
                f"number of {step:g} mg dose steps",
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
    for step, status in _judged(course, _taper_steps(course), parameters):
        floor = reduced_dose_band(status.trial, parameters)[0]
        if exact(step.dose_mg_per_day) >= floor:
            continue
        reached = reduced_dose_reached(
            status.course, status.period, status.trial, step.on - _DAY, parameters
        )
        if reached is None or step.on < maintenance_end(reached):
            yield (
                step.on,
                (
                    f"taper step to {step.dose_mg_per_day:g} mg/day, below the floor "
                    f"{float(floor):g} mg/day, before maintenance is complete"
                ),
            )


def _past_stop_window(course: Course, parameters: Parameters) -> Iterator[tuple[date, str]]:
    """The CNI still given past the window, with maintenance complete, and nothing held (D8, A8).

    From the first day past the window, the departure is the first day on
    which no hold of the advice (P1) excuses the dose, and a hold excuses it
    only until the review it names (D18); a withdrawal under way is not
    continuation (D19).
    """
    horizon = course.last_recorded
    for period in therapy_periods(course):
        history = remission_history(course, period, horizon, parameters)
        found = trials(course, period, history, horizon)
        for remission in history.episodes:
            trial = found[bisect_right(found, remission.confirmed, key=_trial_start) - 1]
            first = _first_day_past_window(course, period, trial, remission, horizon, parameters)
            day = first and _first_not_held(course, first, horizon, parameters)
            ongoing = day is not None and (remission.ended is None or remission.ended >= day)
            if day is None or not ongoing or course.dose_on(day) is None:
                continue
            if _status(course, day, parameters, before_acting=False).withdrawal is None:
                yield (
                    day,
                    (
                        f"CNI continued past the stop window, which closed "
                        f"{stop_window_closes(remission)} (remission from {remission.confirmed})"
                    ),
                )


def _first_not_held(
    course: Course, first: date, horizon: date, parameters: Parameters
) -> date | None:
    """From ``first``, the first day the CNI is given without a hold to excuse it.

    A hold keeps the dose until its review date (P1, D18); a day with new data
    after that date, or the day after it when none came, ends the excuse.
    """
    dates = [item.on for item in course.proteinuria] + [item.on for item in course.creatinine]
    measured = sorted({day for day in dates if first < day <= horizon})
    day = first
    while True:
        status = _status(course, day, parameters, before_acting=False)
        if status.dose is None:
            return day
        found = verdict(status)
        if found.rule.action is not Action.HOLD_DOSE:
            return day
        review = review_date(status, found.rule, standing_alerts(status))
        following = bisect_right(measured, day)
        if following < len(measured) and measured[following] <= review:
            day = measured[following]
        else:
            lapsed = review + _DAY
            return lapsed if lapsed <= horizon else None


def _first_day_past_window(
    course: Course,
    period: TherapyPeriod,
    trial: Trial,
    remission: Remission,
    horizon: date,
    parameters: Parameters,
) -> date | None:
    """First day after tR + 24 months on which maintenance is also complete (D8, A8).

    The day moves forward to the end of maintenance, or to the next dose
    change, so each dose change is looked at once.
    """
    day = stop_window_closes(remission) + _DAY
    changes = course.dose_changes
    while day <= horizon and (period.next_start is None or day < period.next_start):
        reduced = reduced_dose_reached(course, period, trial, day, parameters)
        if reduced is not None and day >= maintenance_end(reduced):
            return day
        if reduced is not None:
            day = maintenance_end(reduced)
            continue
        following = bisect_right(changes, day, key=entry_date)
        if following == len(changes) or changes[following].on > horizon:
            return None
        day = changes[following].on
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
            f"before month {PARTIAL_REMISSION_TAPER_MONTHS} in partial remission (our reading).",
            ("B1", "B3", "G2"),
            ("D5", "A4"),
            _taper_not_before_minimum,
        ),
        Invariant(
            "taper_step_interval",
            f"A taper step comes at least {TAPER_STEP_MIN_WEEKS} weeks after the previous "
            f"reduction.",
            ("C1",),
            ("D6", "D17", "A4"),
            _taper_step_interval,
        ),
        Invariant(
            "taper_held_by_nephrotoxicity",
            "No taper or withdrawal step while the nephrotoxicity alert is open.",
            ("E2", "C2"),
            ("D11", "D6", "D19"),
            _taper_held_by_nephrotoxicity,
        ),
        Invariant(
            "held_by_relapse_signal",
            f"No taper or withdrawal step and no planned stop in remission while the latest "
            f"proteinuria is above {NEPHROTIC_LEVEL:g} unconfirmed, or has risen well above its "
            f"lowest since remission.",
            ("C1", "C2", "E3"),
            ("D4", "D6", "D14", "A9", "A12"),
            _held_by_relapse_signal,
        ),
        Invariant(
            "held_by_old_values",
            "No taper or withdrawal step without a proteinuria value since the last step, and no "
            "planned stop or stop for non-response without a recent one.",
            ("E3", "C1", "C3"),
            ("D18",),
            _held_by_old_values,
        ),
        Invariant(
            "ineffective_stop_after_trial",
            f"No stop for non-response before month {MINIMUM_TRIAL_MONTHS} of the trial.",
            ("B1", "B2"),
            ("D2",),
            _ineffective_stop_after_trial,
        ),
        Invariant(
            "ineffective_stop_at_target_trough",
            "No stop for non-response before the trial's month-12 bound unless troughs were at "
            "target over the response period.",
            ("B2", "E1"),
            ("D3", "D13"),
            _ineffective_stop_at_target_trough,
        ),
        Invariant(
            "ineffective_stop_only_without_response",
            "Before the trial's month-12 bound, no stop for non-response in remission or during "
            f"a relapse, without a proteinuria value from month {RESPONSE_CHECK_MONTHS} to compare "
            "with a non-zero baseline, after a fall of at least the response threshold, on one "
            "value, on an unusual trough target, or while a high-grade baseline is still falling.",
            ("B2", "G1", "G3"),
            ("D2", "D13", "D21", "A10", "A11"),
            _ineffective_stop_only_without_response,
        ),
        Invariant(
            "trial_bounded",
            f"The CNI is not continued past month {TRIAL_BOUND_MONTHS} of a trial without a "
            f"remission.",
            ("B1", "B3"),
            ("D13",),
            _trial_bounded,
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
            f"months after remission without reassessment, unless a withdrawal is under way or "
            f"the dose is kept for a signal or for new values until the review that asks for "
            f"them.",
            ("H1", "C3", "L1"),
            ("D8", "D19", "P1", "D18"),
            _past_stop_window,
        ),
        Invariant(
            "creatinine_rise_acted_on",
            f"A confirmed, unexplained creatinine rise with the trough at target is followed by "
            f"a lower dose or a stop within {SOON_REVIEW_WEEKS} weeks.",
            ("E2", "L1"),
            ("D17",),
            _creatinine_rise_acted_on,
        ),
        Invariant(
            "dose_on_step",
            "Every taper or withdrawal step and every cut for creatinine is a dose that can be "
            "given: a whole number of the agent's dose steps.",
            ("C1",),
            ("D20",),
            _dose_on_step,
        ),
    )
}
"""Every clinical invariant, by id."""

implements("G3", "C1", "D4", "D5")(_taper_only_in_remission)
implements("B1", "B3", "G2", "D5")(_taper_not_before_minimum)
implements("C1", "D6", "D17")(_taper_step_interval)
implements("E2", "C2", "D11", "D6")(_taper_held_by_nephrotoxicity)
implements("C1", "C2", "E3", "D14", "A9", "A12")(_held_by_relapse_signal)
implements("E3", "D18")(_held_by_old_values)
implements("B1", "B2", "D2")(_ineffective_stop_after_trial)
implements("B2", "E1", "D3")(_ineffective_stop_at_target_trough)
implements("B2", "G1", "G3", "D2", "A10", "A11")(_ineffective_stop_only_without_response)
implements("B1", "B3", "D13")(_trial_bounded)
implements("H1", "C2", "C3", "R2", "D8")(_planned_stop_in_window)
implements("C1", "C2", "D6", "D7")(_reduced_dose_floor)
implements("H1", "C3", "L1", "D8", "A8", "D19")(_past_stop_window)
implements("E2", "L1", "D17")(_creatinine_rise_acted_on)
implements("C1", "D20")(_dose_on_step)
