"""``recommend``: one action, its alerts and its reasons, for a course on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ._calendar import add_months, add_weeks
from ._course import Course, StopReason
from ._decision_rules import ALERT_RULES, DECISION_RULES, Action, Alert, DecisionRule
from ._interpretations import INTERPRETATIONS
from ._parameters import (
    DEFAULTS,
    DEPENDENCE_RELAPSES,
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
    TAPER_STEP_MAX_WEEKS,
    TAPER_STEP_MIN_WEEKS,
    Parameters,
)
from ._statements import STATEMENTS
from ._status import Phase, Status, course_status
from ._stop_window import maintenance_end, stop_window_closes
from ._taper import last_taper_step, reduced_dose_band
from ._traceability import implements
from ._validation import require_arguments


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
        next_review: The next date the rules name, if any.
        dose_mg_per_day: The advised dose, with ``reduce_dose`` only.
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
    next_review: date | None = None
    dose_mg_per_day: float | None = None


_RULES = DECISION_RULES


@dataclass
class _Advice:
    """What one phase advises, before the standing alerts are added.

    A docstring also spares the dataclass decorator from writing one at import.
    """

    rule: DecisionRule
    rationale: str
    review: date | None = None
    dose: float | None = None


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
    advice = _PHASES[status.phase](status)
    rule = advice.rule
    alerts = set(rule.alerts) | _standing_alerts(status)
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
        rationale=advice.rationale,
        statements=tuple(id_ for id_ in STATEMENTS if id_ in ids),
        interpretations=tuple(id_ for id_ in INTERPRETATIONS if id_ in ids),
        explanation=_explain(status),
        next_review=advice.review,
        dose_mg_per_day=advice.dose,
    )


def _standing_alerts(status: Status) -> set[Alert]:
    """Alerts that follow from the measurements whatever the action (D3, D8, D11, A8)."""
    alerts = set()
    if status.creatinine.alert:
        alerts.add(Alert.NEPHROTOXICITY_CHECK)
    if status.dose is None:
        return alerts
    latest = status.response.troughs.latest
    if latest is not None and latest.value not in status.course.target_trough:
        alerts.add(Alert.TROUGH_OUT_OF_RANGE)
    if any(status.period.holds(report.on) for report in status.course.adverse_effects):
        alerts.add(Alert.ADVERSE_EFFECT_REVIEW)
    if status.remission and status.on > stop_window_closes(status.remission):
        alerts.add(Alert.PAST_STOP_WINDOW)
    return alerts


def _initial_trial(status: Status) -> _Advice:
    """No remission yet: wait, judge the response, or stop for non-response (D2, D3)."""
    start = status.period.start
    check_from = add_months(start, RESPONSE_CHECK_MONTHS)
    decide_from = add_months(start, MINIMUM_TRIAL_MONTHS)
    review = decide_from if status.on < decide_from else None
    fall = status.response.fall
    latest = status.response.latest
    if status.on < check_from:
        return _Advice(
            _RULES["trial_early"],
            f"Less than {RESPONSE_CHECK_MONTHS} months of CNI: continue at the target trough. "
            f"The response is judged from month {RESPONSE_CHECK_MONTHS}, and the CNI is not "
            f"stopped for lack of response before month {MINIMUM_TRIAL_MONTHS}.",
            check_from,
        )
    if latest is None or latest.on < check_from or fall is None:
        return _Advice(
            _RULES["trial_no_value"],
            f"No proteinuria value measured against a non-zero baseline since month "
            f"{RESPONSE_CHECK_MONTHS}: continue, and quantify proteinuria to judge the response.",
            review,
        )
    if status.response.fell_by(status.parameters.nonresponse_threshold):
        return _Advice(
            _RULES["trial_responding"],
            "Proteinuria has fallen by at least the response threshold but remission is not "
            "confirmed: continue without reducing the dose, since the taper waits for "
            "remission.",
            review,
        )
    if not status.response.troughs.at_target:
        return _Advice(
            _RULES["trial_troughs_not_at_target"],
            "Proteinuria has not fallen by the response threshold, but troughs have not been "
            "at target long enough to judge the CNI: continue and bring the trough into the "
            "target range; the CNI is not stopped for non-response yet.",
            review,
        )
    if review is not None:
        return _Advice(
            _RULES["trial_likely_ineffective"],
            f"With troughs at target, proteinuria has not fallen by the response threshold: "
            f"the CNI is likely ineffective. The decision to stop waits until month "
            f"{MINIMUM_TRIAL_MONTHS}.",
            review,
        )
    high_grade = status.response.baseline.value >= status.parameters.high_grade_proteinuria
    if high_grade and status.response.trending_down:
        return _Advice(
            _RULES["trial_high_grade_falling"],
            "Proteinuria has not fallen by the response threshold, but the baseline was "
            "high-grade and the latest values keep falling: continue and reassess rather than "
            "stop.",
        )
    return _Advice(
        _RULES["trial_ineffective_high_grade" if high_grade else "trial_ineffective"],
        f"After at least {MINIMUM_TRIAL_MONTHS} months with troughs at target, proteinuria has "
        f"not fallen by the response threshold: the CNI may be considered ineffective, and "
        f"stopping it may be considered.",
    )


def _awaiting_taper(status: Status) -> _Advice:
    """Remission confirmed, taper not yet allowed: continue until the taper start (D5)."""
    assert status.remission is not None
    assert status.taper_start is not None
    return _Advice(
        _RULES["awaiting_taper"],
        f"{status.remission.level.value.capitalize()} remission since "
        f"{status.remission.confirmed}. Continue at the target trough: the taper may start on "
        f"{status.taper_start}, no sooner than month {MINIMUM_TRIAL_MONTHS} for a complete "
        f"remission or month {PARTIAL_REMISSION_TAPER_MONTHS} for a partial one.",
        status.taper_start,
    )


def _taper(status: Status) -> _Advice:
    """In remission above the reduced band: step down, wait, or hold (D6)."""
    assert status.next_step is not None
    step = status.next_step
    if status.creatinine.alert:
        return _Advice(
            _RULES["taper_hold_creatinine"],
            "Creatinine is above its limit: hold the dose, check the trough and look for CNI "
            "nephrotoxicity before any further taper step.",
        )
    latest = status.response.latest
    if latest is not None and latest.value > NEPHROTIC_LEVEL:
        return _Advice(
            _RULES["taper_hold_nephrotic"],
            f"Proteinuria {latest.value:g} {latest.unit} on {latest.on} is above "
            f"{NEPHROTIC_LEVEL:g}: hold the dose until a relapse is confirmed or ruled out.",
        )
    if status.on < step.earliest:
        return _Advice(
            _RULES["taper_wait"],
            f"Taper under way: the next step is due from {step.earliest}, as steps are "
            f"{TAPER_STEP_MIN_WEEKS} to {TAPER_STEP_MAX_WEEKS} weeks apart.",
            step.earliest,
        )
    return _Advice(
        _RULES["taper_step"],
        f"In remission and past the taper start: lower the dose to "
        f"{step.dose_mg_per_day:g} mg/day, on the way to about half of the starting dose; "
        f"the following step comes {TAPER_STEP_MIN_WEEKS} to {TAPER_STEP_MAX_WEEKS} weeks "
        f"later.",
        add_weeks(status.on, TAPER_STEP_MIN_WEEKS),
        step.dose_mg_per_day,
    )


def _maintenance(status: Status) -> _Advice:
    """Reduced dose reached: keep it until the stop window opens (D7, D8)."""
    assert status.window is not None
    assert status.reduced_dose_date is not None
    return _Advice(
        _RULES["maintenance_late" if status.window.opens > status.window.closes else "maintenance"],
        f"The reduced dose was reached on {status.reduced_dose_date}: keep it for "
        f"{MAINTENANCE_MONTHS} months, watching that remission holds and creatinine stays "
        f"stable. Stopping may be considered from {status.window.opens}.",
        status.window.opens,
    )


def _stop_window(status: Status) -> _Advice:
    """Inside the stop window: discontinuation may be considered (D8, D9)."""
    assert status.window is not None
    assert status.remission is not None
    return _Advice(
        _RULES["stop_window"],
        f"Remission since {status.remission.confirmed} and {MAINTENANCE_MONTHS} months at the "
        f"reduced dose: stopping the CNI may be considered until {status.window.closes} "
        f"({STOP_WINDOW_OPENS_MONTHS} to {STOP_WINDOW_CLOSES_MONTHS} months after remission), "
        f"to limit nephrotoxicity. The source gives no withdrawal schedule.",
        status.window.closes,
    )


def _past_stop_window(status: Status) -> _Advice:
    """Beyond the stop window: discontinuation considered, continued CNI flagged (D8)."""
    assert status.remission is not None
    return _Advice(
        _RULES["past_stop_window"],
        f"More than {STOP_WINDOW_CLOSES_MONTHS} months since remission on "
        f"{status.remission.confirmed}: reassess the need for the CNI, weighing the risk of "
        f"nephrotoxicity against possible CNI dependence; discontinuation may be considered.",
    )


def _relapse(status: Status) -> _Advice:
    """Relapse while on the CNI: hold, or consider rituximab when dependent (D10, A7)."""
    if status.dependence_relapses >= DEPENDENCE_RELAPSES:
        return _dependence("relapse_dependence")
    return _Advice(
        _RULES["relapse_hold"],
        "Relapse while on the CNI: make no further dose reduction and review the patient.",
    )


def _off_therapy(status: Status) -> _Advice:
    """CNI stopped: monitor, restart after a relapse, or consider rituximab (D10)."""
    if status.history.relapsed and status.dependence_relapses >= DEPENDENCE_RELAPSES:
        return _dependence("off_therapy_dependence")
    stop = status.period.stop
    relapse = status.history.relapse_date
    if stop is None or relapse is None or relapse < stop.on:
        before = (
            f" It was stopped after a relapse on {relapse}; review the patient." if relapse else ""
        )
        return _Advice(
            _RULES["off_therapy_monitor"],
            "The CNI is stopped: keep quantifying proteinuria to detect a relapse early." + before,
        )
    caveat = ""
    if stop.reason is StopReason.ADVERSE_EFFECT:
        caveat = " It was stopped for an adverse effect: weigh that before restarting."
    return _Advice(
        _RULES["off_therapy_reinitiate"],
        f"Relapse after the CNI was stopped: consider restarting "
        f"{status.course.agent.value}, the treatment that brought the remission.{caveat}",
    )


def _dependence(rule: str) -> _Advice:
    return _Advice(
        _RULES[rule],
        f"Relapse number {DEPENDENCE_RELAPSES} on withdrawal or dose reduction: this is CNI "
        f"dependence as this package defines it; consider an alternative such as rituximab.",
    )


_PHASES = {
    Phase.INITIAL_TRIAL: _initial_trial,
    Phase.AWAITING_TAPER: _awaiting_taper,
    Phase.TAPER: _taper,
    Phase.MAINTENANCE: _maintenance,
    Phase.STOP_WINDOW: _stop_window,
    Phase.PAST_STOP_WINDOW: _past_stop_window,
    Phase.RELAPSE: _relapse,
    Phase.OFF_THERAPY: _off_therapy,
}


def _explain(status: Status) -> tuple[str, ...]:
    """The inputs and thresholds behind the advice, one line each."""
    period = status.period
    baseline = status.response.baseline
    lines = [
        f"period of therapy from {period.start} at {period.starting_dose_mg_per_day:g} "
        f"mg/day; baseline proteinuria {baseline.value:g} {baseline.unit} on {baseline.on}"
    ]
    latest, fall = status.response.latest, status.response.fall
    if latest is not None and fall is not None:
        direction = "below" if fall >= 0 else "above"
        lines.append(
            f"proteinuria {latest.value:g} {latest.unit} on {latest.on} is {abs(fall):.1%} "
            f"{direction} the baseline {baseline.value:g} {baseline.unit}; response threshold "
            f"{status.parameters.nonresponse_threshold:.0%}"
        )
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
    if status.dependence_relapses:
        lines.append(
            f"relapses on withdrawal or dose reduction so far: {status.dependence_relapses}"
        )
    if status.dose is not None and status.remission is not None:
        low, high = reduced_dose_band(period, status.parameters)
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
    if period.stop is not None and status.dose is None:
        lines.append(f"CNI stopped on {period.stop.on} ({period.stop.reason.value})")
    return tuple(lines)


implements("E1", "E2", "E4", "D11", "A8", "D8")(_standing_alerts)
implements("B1", "B2", "B3", "G1", "G2", "G3", "D2", "D3", "D5")(_initial_trial)
implements("B1", "B3", "G2", "G3", "D5")(_awaiting_taper)
implements("C1", "G3", "D6", "D11", "A6")(_taper)
implements("C2", "H1", "D7", "D8", "A8")(_maintenance)
implements("H1", "C3", "L1", "D8", "D9")(_stop_window)
implements("H1", "C3", "L1", "L3", "D8")(_past_stop_window)
implements("F3", "L3", "C2", "D10", "A7")(_relapse)
implements("F2", "F3", "E3", "R2", "D9", "D10")(_off_therapy)
