"""Where a course stands on a date: the facts every criterion reads, and the phase."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property

from ._calendar import Window
from ._course import Course, check_evaluation_date
from ._nephrotoxicity import CreatinineReview, creatinine_review
from ._parameters import Parameters
from ._phase import in_remission, on_cni
from ._relapse import (
    Rise,
    proteinuria_rise,
    relapse_on_full_dose,
    relapses_on_withdrawal,
    restore_due,
)
from ._remission import Remission, RemissionHistory, remission_history
from ._response import Response, response
from ._stop_window import before_stop_window, past_stop_window_close, stop_window
from ._taper import (
    TaperStep,
    before_taper_start,
    next_taper_step,
    reduced_dose_kept,
    reduced_dose_reached,
    taper_start,
)
from ._therapy import TherapyPeriod, therapy_periods
from ._traceability import implements
from ._trial import Trial, trials
from ._vocabulary import Phase
from ._withdrawal import Withdrawal, under_way, withdrawal

_TREATMENT = ("dose_changes", "discontinuations", "restarts")
"""The series that record what was done, rather than what was measured or seen."""


@dataclass(frozen=True)
class Status:
    """Everything derived from a course as known on one date.

    Attributes:
        on: The evaluation date.
        course: The course with entries after ``on`` dropped.
        parameters: The parameters used.
        period: The current period of therapy.
        trial: The current trial of the period (D13, P6).
        dose: Dose in force on ``on`` (mg/day); None when stopped.
        history: Remission episodes of the current period.
        dependence_relapses: Relapses on withdrawal or reduction, all periods.
        creatinine: The creatinine review.
        response: Fall in proteinuria, its confirmation, trend and troughs.
        remission: The ongoing remission, if any.
        taper_start: Earliest taper date in the ongoing remission.
        reduced_dose_date: Date the taper became complete (and has stayed so).
        next_step: The next taper step, while the taper is not complete.
        window: The stop window, once the reduced dose is reached.
        rise: Proteinuria since the ongoing remission against its lowest.
        withdrawal: The withdrawal under way, if any.
    """

    on: date
    course: Course
    parameters: Parameters
    period: TherapyPeriod
    trial: Trial
    dose: float | None
    history: RemissionHistory
    dependence_relapses: int
    creatinine: CreatinineReview
    response: Response
    remission: Remission | None
    taper_start: date | None
    reduced_dose_date: date | None
    next_step: TaperStep | None
    window: Window | None
    rise: Rise | None
    withdrawal: Withdrawal | None

    @cached_property
    def phase(self) -> Phase:
        """The phase on ``on`` (see :func:`phase_of`)."""
        return phase_of(self)


def phase_of(status: Status) -> Phase:
    """The phase of ``status``, chosen from the named criteria of the rule modules.

    Off the CNI; a relapse on a reduced dose whose dose is not yet restored, or
    on the full dose with no remission since; no remission (a trial, the first
    or one after a restored dose); a withdrawal under way; then the
    remission's phases in order.
    """
    if not on_cni(status):
        return Phase.OFF_THERAPY
    if restore_due(status) or relapse_on_full_dose(status):
        return Phase.RELAPSE
    if not in_remission(status):
        return Phase.INITIAL_TRIAL
    if under_way(status):
        return Phase.WITHDRAWAL
    if before_taper_start(status):
        return Phase.AWAITING_TAPER
    if not reduced_dose_kept(status):
        return Phase.TAPER
    if before_stop_window(status):
        return Phase.MAINTENANCE
    if not past_stop_window_close(status):
        return Phase.STOP_WINDOW
    return Phase.PAST_STOP_WINDOW


def course_status(
    course: Course, on: date, parameters: Parameters, *, before_acting: bool = False
) -> Status:
    """Derive the status of ``course`` on ``on`` from the entries dated up to ``on``.

    Args:
        course: The course.
        on: The evaluation date.
        parameters: The parameters.
        before_acting: Leave out the dose changes, stops and restarts dated
            ``on``: the status in which that day's treatment was decided, as the
            audit judges it.

    Raises:
        CourseError: If ``on`` is not a date on or after the start.
    """
    check_evaluation_date(course, on)
    known = course.as_of(on)
    if before_acting:
        known = _without_treatment_on(known, on)
    periods = []
    for period in therapy_periods(known):
        history = remission_history(known, period, on, parameters)
        periods.append((period, history, trials(known, period, history, on)))
    # Entries after ``on`` are dropped, restarts too: the last period is the current one.
    period, history, found = periods[-1]
    trial = found[-1]
    remission = history.current
    start = taper_start(trial, remission) if remission else None
    reduced = reduced_dose_reached(known, period, trial, on, parameters) if remission else None
    step = next_taper_step(known, period, trial, on, start, parameters) if start else None
    return Status(
        on=on,
        course=known,
        parameters=parameters,
        period=period,
        trial=trial,
        dose=known.dose_on(on),
        history=history,
        dependence_relapses=relapses_on_withdrawal(known, tuple(periods), parameters),
        creatinine=creatinine_review(known, period, on, parameters),
        response=response(known, period, trial, on, parameters),
        remission=remission,
        taper_start=start,
        reduced_dose_date=reduced,
        next_step=step,
        window=stop_window(remission, reduced) if remission else None,
        rise=proteinuria_rise(known, period, remission, on, parameters) if remission else None,
        withdrawal=withdrawal(known, period, on, parameters),
    )


def _without_treatment_on(course: Course, on: date) -> Course:
    """The course with its dose changes, stops and restarts of ``on`` left out.

    Not validated again: what is left of a valid course known up to ``on`` is
    valid, as in :meth:`~guideline.Course.as_of`.
    """
    kept = object.__new__(type(course))
    for field in fields(course):
        value = getattr(course, field.name)
        if field.name in _TREATMENT and value and value[-1].on == on:
            value = value[:-1]
        object.__setattr__(kept, field.name, value)
    return kept


implements("D5", "D7", "D8", "D15", "D19", "P1")(phase_of)
