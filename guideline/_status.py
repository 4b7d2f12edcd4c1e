"""Where a course stands on a date: the facts every decision reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ._calendar import Window
from ._course import Course, check_evaluation_date
from ._nephrotoxicity import CreatinineReview, creatinine_review
from ._parameters import Parameters
from ._remission import Remission, RemissionHistory, relapses_on_withdrawal, remission_history
from ._response import Response, response
from ._stop_window import stop_window
from ._taper import TaperStep, next_taper_step, reduced_dose_reached, taper_start
from ._therapy import TherapyPeriod, therapy_periods


class Phase(StrEnum):
    """The phase of a course on a date.

    With no new data, the phase only moves forward as the date advances:
    initial trial, awaiting taper, taper, maintenance, stop window, past the
    stop window. Relapse and off therapy are left only through new data.
    """

    INITIAL_TRIAL = "initial_trial"
    AWAITING_TAPER = "awaiting_taper"
    TAPER = "taper"
    MAINTENANCE = "maintenance"
    STOP_WINDOW = "stop_window"
    PAST_STOP_WINDOW = "past_stop_window"
    RELAPSE = "relapse"
    OFF_THERAPY = "off_therapy"


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
        phase: The phase on ``on``.
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
    phase: Phase


def course_status(course: Course, on: date, parameters: Parameters) -> Status:
    """Derive the status of ``course`` on ``on`` from the entries dated up to ``on``.

    Raises:
        CourseError: If ``on`` is not a date on or after the start.
    """
    check_evaluation_date(course, on)
    known = course.as_of(on)
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
    window = stop_window(remission, reduced) if remission else None
    dose = known.dose_on(on)
    if dose is None:
        phase = Phase.OFF_THERAPY
    elif history.relapsed:
        phase = Phase.RELAPSE
    elif start is None:
        phase = Phase.INITIAL_TRIAL
    elif on < start:
        phase = Phase.AWAITING_TAPER
    elif window is None:
        phase = Phase.TAPER
    elif on < window.opens:
        phase = Phase.MAINTENANCE
    elif on <= window.closes:
        phase = Phase.STOP_WINDOW
    else:
        phase = Phase.PAST_STOP_WINDOW
    return Status(
        on=on,
        course=known,
        parameters=parameters,
        period=period,
        dose=dose,
        history=history,
        dependence_relapses=relapses_on_withdrawal(known, histories),
        creatinine=creatinine_review(known, on),
        response=response(known, period, on),
        remission=remission,
        taper_start=start,
        reduced_dose_date=reduced,
        next_step=step,
        window=window,
        phase=phase,
    )
