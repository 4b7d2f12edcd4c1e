"""``plan``: the dated milestones and windows that follow from a course so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import _albumin, _antibodies
from ._calendar import Window
from ._course import Course
from ._decision_rules import review_date, standing_alerts, verdict
from ._monitoring import MonitoringItem, monitoring_checklist
from ._parameters import DEFAULTS, MAINTENANCE_MONTHS, TRIAL_BOUND_MONTHS, Parameters
from ._remission import Remission
from ._status import Status, course_status
from ._stop_window import maintenance_end, proposed_withdrawal, stop_window_from_start
from ._taper import TaperStep
from ._traceability import implements
from ._trial import response_check as response_check_window
from ._validation import require_arguments
from ._vocabulary import Phase
from ._withdrawal import WithdrawalStep


@dataclass(frozen=True)
class Milestone:
    """One dated point of the plan.

    Attributes:
        on: Its date.
        name: Stable key, e.g. ``taper_start``.
        label: What happens then, in plain words.
        statements: The statements it comes from.
    """

    on: date
    name: str
    label: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """What the guideline lays out for a course, as known on ``on``.

    Dates that depend on events not yet recorded (a remission, the reduced
    dose) are None until those events are in the course.

    Attributes:
        on: The evaluation date.
        phase: The phase on ``on``.
        period_start: t0 of the current period of therapy.
        response_check: From month 4 of the trial (non-response may be flagged)
            to month 6 (a stop for non-response may be advised).
        remission: The ongoing remission, if any.
        earliest_taper_start: First date the taper may start (D5).
        next_taper_step: The next step while the dose is above the reduced band.
        reduced_dose_reached: Date the reduced dose was reached (D7).
        maintenance_end: Date 12 months at the reduced dose are complete.
        stop_window: When discontinuation is considered, from remission (D8).
        stop_window_from_start: The 12-24 months from t0 reading, for comparison.
        monitoring: The checklist for the agent (E1-E4), then an anti-PLA2R item and
            a serum albumin item once the course holds a titre or an albumin (D22, D23).
        milestones: Every known date above, in date order.
        trial_start: The first day of the current trial: t0, a restart, or the
            relapse that opened it (D13, P6).
        trial_bound: The trial's month-12 bound: without a remission by then,
            the CNI is stopped as ineffective (D13).
        withdrawal: The withdrawal under way, or the one the advice describes
            when discontinuation is considered; empty otherwise (D19).
        next_review: The next review, as the advice on ``on`` names it (D18).
    """

    on: date
    phase: Phase
    period_start: date
    response_check: Window
    remission: Remission | None
    earliest_taper_start: date | None
    next_taper_step: TaperStep | None
    reduced_dose_reached: date | None
    maintenance_end: date | None
    stop_window: Window | None
    stop_window_from_start: Window
    monitoring: tuple[MonitoringItem, ...]
    milestones: tuple[Milestone, ...]
    trial_start: date
    trial_bound: date
    withdrawal: tuple[WithdrawalStep, ...]
    next_review: date


def plan(course: Course, on: date, parameters: Parameters = DEFAULTS) -> Plan:
    """Lay out the dated milestones of a course as known on ``on``.

    Args:
        course: The patient course.
        on: The evaluation date (on or after the start).
        parameters: The readings of the adjustable points of the guideline.

    Returns:
        The windows and milestones, and the monitoring checklist.

    Raises:
        CourseError: If ``on`` is not a date on or after the course start.
        TypeError: If ``course`` or ``parameters`` is of another type.
    """
    require_arguments(course, parameters)
    status = course_status(course, on, parameters)
    start = status.period.start
    response_check = response_check_window(status.trial)
    rule = verdict(status).rule
    review = review_date(status, rule, frozenset(rule.alerts) | standing_alerts(status))
    steps = _withdrawal(status)
    end = maintenance_end(status.reduced_dose_date) if status.reduced_dose_date else None
    dated: list[Milestone] = [
        Milestone(start, "period_start", "CNI started (t0)", ("B1",)),
        Milestone(
            response_check.opens,
            "response_check_opens",
            "Response first judged; non-response may be flagged",
            ("B2",),
        ),
        Milestone(
            response_check.closes,
            "response_check_closes",
            "Earliest stop for non-response, and earliest taper",
            ("B1", "B2"),
        ),
    ]
    if status.remission is not None:
        dated.append(
            Milestone(
                status.remission.confirmed,
                "remission",
                f"{status.remission.level.value.capitalize()} remission confirmed",
                ("G3",),
            )
        )
    if status.taper_start is not None:
        dated.append(Milestone(status.taper_start, "taper_start", "Taper may start", ("C1", "G3")))
    if status.next_step is not None:
        dated.append(
            Milestone(
                status.next_step.earliest,
                "next_taper_step",
                f"Next taper step to {status.next_step.dose_mg_per_day:g} mg/day",
                ("C1",),
            )
        )
    if status.reduced_dose_date is not None and end is not None:
        dated.append(
            Milestone(
                status.reduced_dose_date,
                "reduced_dose_reached",
                "Reduced dose reached",
                ("C1", "C2"),
            )
        )
        dated.append(
            Milestone(
                end,
                "maintenance_end",
                f"{MAINTENANCE_MONTHS} months at the reduced dose complete",
                ("C2",),
            )
        )
    if status.window is not None:
        dated.append(
            Milestone(
                status.window.opens,
                "stop_window_opens",
                "Discontinuation may be considered from here",
                ("H1", "C3"),
            )
        )
        dated.append(
            Milestone(
                status.window.closes,
                "stop_window_closes",
                "Stop window closes; continued CNI is flagged",
                ("H1", "L1"),
            )
        )
    if status.period.stop is not None and status.phase is Phase.OFF_THERAPY:
        dated.append(Milestone(status.period.stop.on, "discontinued", "CNI stopped", ("C3",)))
    if status.remission is None and status.dose is not None:
        dated.append(
            Milestone(
                status.trial.bound,
                "trial_bound",
                f"Month {TRIAL_BOUND_MONTHS} of the trial: without a remission, the CNI is "
                f"stopped as ineffective",
                ("B1", "B3"),
            )
        )
    for step in steps:
        if step.dose_mg_per_day is None:
            dated.append(
                Milestone(step.on, "withdrawal_stop", "Last step of the withdrawal: stop", ("C3",))
            )
        else:
            dated.append(
                Milestone(
                    step.on,
                    "withdrawal_step",
                    f"Withdrawal step to {step.dose_mg_per_day:g} mg/day",
                    ("C3",),
                )
            )
    dated.append(Milestone(review, "next_review", "Next review", ("E1", "E2", "E3")))
    return Plan(
        on=on,
        phase=status.phase,
        period_start=start,
        response_check=response_check,
        remission=status.remission,
        earliest_taper_start=status.taper_start,
        next_taper_step=status.next_step,
        reduced_dose_reached=status.reduced_dose_date,
        maintenance_end=end,
        stop_window=status.window,
        stop_window_from_start=stop_window_from_start(start),
        monitoring=(
            *monitoring_checklist(course.agent),
            *_antibodies.checklist(status),
            *_albumin.checklist(status),
        ),
        milestones=tuple(sorted(dated, key=lambda milestone: milestone.on)),
        trial_start=status.trial.start,
        trial_bound=status.trial.bound,
        withdrawal=steps,
        next_review=review,
    )


def _withdrawal(status: Status) -> tuple[WithdrawalStep, ...]:
    """The withdrawal under way, or the one proposed while stopping is considered (D19)."""
    if status.withdrawal is not None:
        return status.withdrawal.schedule[status.withdrawal.taken :]
    if status.phase in (Phase.STOP_WINDOW, Phase.PAST_STOP_WINDOW):
        return proposed_withdrawal(status)
    return ()


implements(
    "B1",
    "B2",
    "C1",
    "C2",
    "C3",
    "H1",
    "E1",
    "E2",
    "E3",
    "E4",
    "D5",
    "D7",
    "D8",
    "D13",
    "D18",
    "D19",
)(plan)
