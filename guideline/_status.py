"""Where a course stands on a date: the facts every criterion reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property

from ._calendar import Window
from ._course import Course, check_evaluation_date
from ._nephrotoxicity import CreatinineReview, creatinine_review
from ._parameters import Parameters
from ._phase import phase_of
from ._remission import Remission, RemissionHistory, relapses_on_withdrawal, remission_history
from ._response import Response, response
from ._stop_window import stop_window
from ._taper import TaperStep, next_taper_step, reduced_dose_reached, taper_start
from ._therapy import TherapyPeriod, therapy_periods
from ._vocabulary import Phase

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
        dose: Dose in force on ``on`` (mg/day); None when stopped.
        history: Remission episodes of the current period.
        dependence_relapses: Relapses on withdrawal or reduction, all periods.
        creatinine: The nephrotoxicity check.
        response: Fall in proteinuria, trend and troughs for the period.
        remission: The ongoing remission, if any.
        taper_start: Earliest taper date in the ongoing remission.
        reduced_dose_date: Date the reduced dose was reached (and kept).
        next_step: The next taper step, if the dose is above the reduced band.
        window: The stop window, once the reduced dose is reached.
    """

    on: date
    course: Course
    parameters: Parameters
    period: TherapyPeriod
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

    @cached_property
    def phase(self) -> Phase:
        """The phase on ``on``, chosen by :func:`~guideline._phase.phase_of`."""
        return phase_of(self)


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
    histories = [
        (period, remission_history(known, period, on, parameters))
        for period in therapy_periods(known)
    ]
    # Entries after ``on`` are dropped, restarts too: the last period is the current one.
    period, history = histories[-1]
    remission = history.current
    start = taper_start(period, remission) if remission else None
    reduced = reduced_dose_reached(known, period, on, parameters) if remission else None
    step = next_taper_step(known, period, on, start, parameters) if start else None
    return Status(
        on=on,
        course=known,
        parameters=parameters,
        period=period,
        dose=known.dose_on(on),
        history=history,
        dependence_relapses=relapses_on_withdrawal(known, histories),
        creatinine=creatinine_review(known, on),
        response=response(known, period, on),
        remission=remission,
        taper_start=start,
        reduced_dose_date=reduced,
        next_step=step,
        window=stop_window(remission, reduced) if remission else None,
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
