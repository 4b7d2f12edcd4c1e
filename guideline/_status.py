"""Where a course stands on a date: the facts every criterion reads, and the phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ._calendar import Window
from ._course import Course, check_evaluation_date, known_on
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

"""The series that record what was done, rather than what was measured or seen."""


@dataclass(frozen=True)
class Status:
    """Everything derived from a course as known on one date.

    The facts that only some rows read (the creatinine review, the response,
    the rise, the withdrawal, the taper's dates, the relapses on withdrawal)
    are worked out when first read, so that judging many events, as the audit
    does, costs only what its questions need.

    Attributes:
        on: The evaluation date.
        course: The course with entries after ``on`` dropped.
        parameters: The parameters used.
        period: The current period of therapy.
        trial: The current trial of the period (D13, P6).
        dose: Dose in force on ``on`` (mg/day); None when stopped.
        history: Remission episodes of the current period.
        remission: The ongoing remission, if any.
        taper_start: Earliest taper date in the ongoing remission.
        periods: Every period of therapy so far, with its remission history
            and trials.
    """

    on: date
    course: Course
    parameters: Parameters
    period: TherapyPeriod
    trial: Trial
    dose: float | None
    history: RemissionHistory
    remission: Remission | None
    taper_start: date | None
    periods: tuple[tuple[TherapyPeriod, RemissionHistory, tuple[Trial, ...]], ...]

    @cached_property
    def phase(self) -> Phase:
        """The phase on ``on`` (see :func:`phase_of`)."""
        return phase_of(self)

    @cached_property
    def dependence_relapses(self) -> int:
        """Relapses on withdrawal or reduction, all periods (D10)."""
        return relapses_on_withdrawal(self.course, self.periods, self.parameters)

    @cached_property
    def creatinine(self) -> CreatinineReview:
        """The creatinine review (D11, D17)."""
        return creatinine_review(self.course, self.period, self.on, self.parameters)

    @cached_property
    def response(self) -> Response:
        """Fall in proteinuria, its confirmation, trend and troughs (B2, D2)."""
        return response(self.course, self.period, self.trial, self.on, self.parameters)

    @cached_property
    def reduced_dose_date(self) -> date | None:
        """Date the taper became complete (and has stayed so), in a remission (D7)."""
        if self.remission is None:
            return None
        return reduced_dose_reached(self.course, self.period, self.trial, self.on, self.parameters)

    @cached_property
    def next_step(self) -> TaperStep | None:
        """The next taper step, while the taper is not complete (D6)."""
        if self.taper_start is None:
            return None
        return next_taper_step(
            self.course, self.period, self.trial, self.on, self.taper_start, self.parameters
        )

    @cached_property
    def window(self) -> Window | None:
        """The stop window, once the reduced dose is reached (D8)."""
        if self.remission is None:
            return None
        return stop_window(self.remission, self.reduced_dose_date)

    @cached_property
    def rise(self) -> Rise | None:
        """Proteinuria since the ongoing remission against its lowest (D14)."""
        if self.remission is None:
            return None
        return proteinuria_rise(self.course, self.period, self.remission, self.on, self.parameters)

    @cached_property
    def withdrawal(self) -> Withdrawal | None:
        """The withdrawal under way, if any (D19)."""
        return withdrawal(self.course, self.period, self.on, self.parameters)


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
    known = known_on(course, on, before_acting=True) if before_acting else course.as_of(on)
    periods = []
    for period in therapy_periods(known):
        history = remission_history(known, period, on, parameters)
        periods.append((period, history, trials(known, period, history, on)))
    # Entries after ``on`` are dropped, restarts too: the last period is the current one.
    period, history, found = periods[-1]
    trial = found[-1]
    remission = history.current
    return Status(
        on=on,
        course=known,
        parameters=parameters,
        period=period,
        trial=trial,
        dose=known.dose_on(on),
        history=history,
        remission=remission,
        taper_start=taper_start(trial, remission) if remission else None,
        periods=tuple(periods),
    )


implements("D5", "D7", "D8", "D15", "D19", "P1")(phase_of)
