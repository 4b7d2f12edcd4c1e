"""``recommend``: one action, its alerts and its reasons, for a course on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import _albumin, _antibodies
from ._course import Course
from ._decision_rules import ALERT_RULES, review_date, standing_alerts, verdict
from ._interpretations import INTERPRETATIONS
from ._parameters import DEFAULTS, Parameters
from ._statements import STATEMENTS
from ._status import Status, course_status
from ._stop_window import maintenance_end
from ._taper import last_taper_step, reduced_dose_band
from ._validation import require_arguments
from ._vocabulary import Action, Alert, Phase


@dataclass(frozen=True)
class Recommendation:
    """The advice for a course on one date.

    Attributes:
        on: The evaluation date.
        action: The one advised action.
        rule: Id of the row of :data:`~guideline.DECISION_RULES` that gave it.
        phase: The phase of the course on ``on``.
        alerts: Signals for the clinician, in vocabulary order.
        rationale: Why, in plain clinical words.
        statements: Ids of the statements it rests on, in register order.
        interpretations: Ids of the interpretations it applies.
        explanation: The inputs and thresholds used, one line each.
        next_review: The next review: the earliest of the phase's bound and the
            bounds of the row and of every alert, never before ``on`` (D18, P1).
        dose_mg_per_day: The advised dose (mg/day), with ``reduce_dose``,
            ``reduce_dose_for_creatinine`` and ``restore_dose``, and with
            ``consider_discontinuation`` the first step of the withdrawal.
    """

    on: date
    action: Action
    rule: str
    phase: Phase
    alerts: tuple[Alert, ...]
    rationale: str
    statements: tuple[str, ...]
    interpretations: tuple[str, ...]
    explanation: tuple[str, ...]
    next_review: date
    dose_mg_per_day: float | None = None


def recommend(course: Course, on: date, parameters: Parameters = DEFAULTS) -> Recommendation:
    """Advise on a course as it was known on ``on``.

    Entries dated after ``on`` are ignored. The result depends only on the
    arguments: no clock, no I/O.

    Args:
        course: The patient course.
        on: The evaluation date (on or after the start).
        parameters: The readings of the adjustable points of the guideline.

    Returns:
        The action, alerts, rationale, cited statements and interpretations,
        the inputs used, and the next review date where the rules give one.

    Raises:
        CourseError: If ``on`` is not a date on or after the course start.
        TypeError: If ``course`` or ``parameters`` is of another type.

    Examples:
        >>> from datetime import date
        >>> from guideline.examples import complete_responder
        >>> recommend(complete_responder(), date(2025, 7, 20)).action
        <Action.REDUCE_DOSE: 'reduce_dose'>
    """
    require_arguments(course, parameters)
    status = course_status(course, on, parameters)
    rule = verdict(status).rule
    alerts = frozenset(rule.alerts) | standing_alerts(status)
    ids = {
        "D1",
        *rule.statements,
        *(id_ for alert in alerts for id_ in ALERT_RULES[alert].statements),
    }
    return Recommendation(
        on=on,
        action=rule.action,
        rule=rule.id,
        phase=status.phase,
        alerts=tuple(alert for alert in Alert if alert in alerts),
        rationale=rule.says(status),
        statements=tuple(id_ for id_ in STATEMENTS if id_ in ids),
        interpretations=tuple(id_ for id_ in INTERPRETATIONS if id_ in ids),
        explanation=_explain(status),
        next_review=review_date(status, rule, alerts),
        dose_mg_per_day=rule.dose(status),
    )


def _explain(status: Status) -> tuple[str, ...]:
    """The inputs and thresholds behind the advice, one line each."""
    period = status.period
    trial = status.trial
    baseline = status.response.baseline
    lines = [f"period of therapy from {period.start} at {period.starting_dose_mg_per_day:g} mg/day"]
    opened = "" if trial.start == period.start else f", after the relapse of {trial.start}"
    lines.append(
        f"trial from {trial.start}{opened}, month-12 bound {trial.bound}; baseline "
        f"proteinuria {baseline.value:g} {baseline.unit} on {baseline.on}"
    )
    latest, fall = status.response.latest, status.response.fall
    if latest is not None and fall is not None:
        direction = "below" if fall >= 0 else "above"
        lines.append(
            f"proteinuria {latest.value:g} {latest.unit} on {latest.on} is {abs(fall):.1%} "
            f"{direction} the baseline {baseline.value:g} {baseline.unit}; response threshold "
            f"{status.parameters.nonresponse_threshold:.0%}"
        )
    if status.response.short_from is not None:
        state = "confirmed" if status.response.short_confirmed else "not yet confirmed"
        lines.append(f"short of the response threshold since {status.response.short_from}, {state}")
    lines += _antibodies.explain(status)
    if status.phase is Phase.INITIAL_TRIAL:
        lines.append(f"troughs: {status.response.troughs.explanation}")
    trough = status.response.troughs.latest
    target = status.course.target_trough
    if trough is not None:
        lines.append(
            f"latest trough {trough.value:g} ng/mL on {trough.on}; target "
            f"{target.low:g}-{target.high:g} ng/mL"
        )
    lines.append(status.creatinine.explain())
    for episode in status.history.episodes:
        how = "recorded" if episode.recorded else "confirmed from proteinuria"
        end = ""
        if episode.ended is not None:
            end = f", ended by {'relapse' if episode.relapsed else 'assessment'} on {episode.ended}"
        lines.append(f"{episode.level.value} remission {how} on {episode.confirmed}{end}")
    lines += _albumin.explain(status)
    if status.dependence_relapses:
        lines.append(
            f"relapses on withdrawal or dose reduction so far: {status.dependence_relapses}"
        )
    if status.rise is not None:
        rise = status.rise
        state = f"a rise confirmed on {rise.confirmed}" if rise.confirmed else "no confirmed rise"
        lines.append(
            f"lowest proteinuria since remission {rise.lowest.value:g} {rise.lowest.unit} on "
            f"{rise.lowest.on}; {state}"
        )
    if trial.restore_mg_per_day is not None:
        lines.append(
            f"relapse on a reduced dose on {trial.start}; dose to restore "
            f"{trial.restore_mg_per_day:g} mg/day"
        )
    if status.dose is not None and status.remission is not None:
        low, high = reduced_dose_band(trial, status.parameters)
        lines.append(
            f"dose {status.dose:g} mg/day; reduced band {float(low):g}-{float(high):g} mg/day"
        )
        step = last_taper_step(status.course, period, status.on)
        if step is not None:
            lines.append(f"last taper step on {step.on} to {step.dose_mg_per_day:g} mg/day")
    if status.reduced_dose_date is not None and status.window is not None:
        lines.append(
            f"reduced dose since {status.reduced_dose_date}; maintenance complete on "
            f"{maintenance_end(status.reduced_dose_date)}; stop window "
            f"{status.window.opens} to {status.window.closes}"
        )
    if status.withdrawal is not None:
        upcoming = status.withdrawal.next_step
        dose = (
            "stop" if upcoming.dose_mg_per_day is None else f"{upcoming.dose_mg_per_day:g} mg/day"
        )
        lines.append(
            f"withdrawal from {status.withdrawal.from_dose:g} mg/day since "
            f"{status.withdrawal.first}; next step {dose} on {upcoming.on}"
        )
    if period.stop is not None and status.dose is None:
        lines.append(f"CNI stopped on {period.stop.on} ({period.stop.reason.value})")
    return tuple(lines)
