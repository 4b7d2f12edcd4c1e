"""The decision table: each branch of ``recommend`` as data, with its conditions.

``recommend`` picks one row per evaluation; the row fixes the action, the
alerts that come with it, and the statements and interpretations it rests
on. The site renders the same rows as its decision table, so the table can
not drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ._parameters import (
    DEPENDENCE_RELAPSES,
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    NEPHROTIC_LEVEL,
    PARTIAL_REMISSION_TAPER_MONTHS,
    RESPONSE_CHECK_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
    TAPER_STEP_MIN_WEEKS,
)
from ._status import Phase


class Action(StrEnum):
    """What the guideline advises now; the strings are stable in JSON and the API."""

    CONTINUE = "continue"
    STOP_INEFFECTIVE = "stop_ineffective"
    REDUCE_DOSE = "reduce_dose"
    HOLD_DOSE = "hold_dose"
    MAINTAIN_REDUCED_DOSE = "maintain_reduced_dose"
    CONSIDER_DISCONTINUATION = "consider_discontinuation"
    MONITOR_OFF_THERAPY = "monitor_off_therapy"
    REINITIATE = "reinitiate"
    CONSIDER_RITUXIMAB = "consider_rituximab"


class Alert(StrEnum):
    """Signals that accompany the action; zero or more per recommendation."""

    LIKELY_INEFFECTIVE = "likely_ineffective"
    TROUGH_OUT_OF_RANGE = "trough_out_of_range"
    NEPHROTOXICITY_CHECK = "nephrotoxicity_check"
    PAST_STOP_WINDOW = "past_stop_window"
    ADVERSE_EFFECT_REVIEW = "adverse_effect_review"


@dataclass(frozen=True)
class DecisionRule:
    """One row of the decision table.

    Attributes:
        id: Stable key, given as ``Recommendation.rule``.
        phase: The phase in which the row applies.
        when: The conditions, in the order ``recommend`` checks them.
        action: The advised action.
        alerts: Alerts the row itself raises (standing alerts come on top).
        statements: Ids of the statements and interpretations it rests on.
    """

    id: str
    phase: Phase
    when: str
    action: Action
    statements: tuple[str, ...]
    alerts: tuple[Alert, ...] = ()


@dataclass(frozen=True)
class AlertRule:
    """When an alert is raised, whatever the action.

    Attributes:
        alert: The alert.
        when: The condition, in plain words.
        statements: Ids of the statements and interpretations it rests on.
    """

    alert: Alert
    when: str
    statements: tuple[str, ...]


def _rules(*rules: DecisionRule) -> dict[str, DecisionRule]:
    return {rule.id: rule for rule in rules}


_T = Phase.INITIAL_TRIAL
_DEPENDENCE = (
    f"Relapse number {DEPENDENCE_RELAPSES} on withdrawal or dose reduction, counted over "
    f"all periods of therapy."
)

DECISION_RULES: dict[str, DecisionRule] = _rules(
    DecisionRule(
        "trial_early",
        _T,
        f"Less than {RESPONSE_CHECK_MONTHS} months into the period of therapy.",
        Action.CONTINUE,
        ("B1", "B2", "D2"),
    ),
    DecisionRule(
        "trial_no_value",
        _T,
        f"No proteinuria value since month {RESPONSE_CHECK_MONTHS}, or a zero baseline.",
        Action.CONTINUE,
        ("B2", "E3", "D2"),
    ),
    DecisionRule(
        "trial_responding",
        _T,
        "Proteinuria has fallen by at least the response threshold; remission is not yet "
        "confirmed.",
        Action.CONTINUE,
        ("B2", "B3", "G2", "G3", "D2", "D5"),
    ),
    DecisionRule(
        "trial_troughs_not_at_target",
        _T,
        "No response by the threshold, but troughs have not been at target long enough to "
        "judge the CNI.",
        Action.CONTINUE,
        ("B2", "E1", "D3"),
    ),
    DecisionRule(
        "trial_likely_ineffective",
        _T,
        f"No response by the threshold with troughs at target, before month "
        f"{MINIMUM_TRIAL_MONTHS}.",
        Action.CONTINUE,
        ("B1", "B2", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
    ),
    DecisionRule(
        "trial_high_grade_falling",
        _T,
        f"From month {MINIMUM_TRIAL_MONTHS}, no response by the threshold, but a high-grade "
        f"baseline and the latest values still falling.",
        Action.CONTINUE,
        ("B2", "G1", "D2"),
        (Alert.LIKELY_INEFFECTIVE,),
    ),
    DecisionRule(
        "trial_ineffective",
        _T,
        f"From month {MINIMUM_TRIAL_MONTHS}, no response by the threshold with troughs at "
        f"target; the baseline was not high-grade.",
        Action.STOP_INEFFECTIVE,
        ("B1", "B2", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
    ),
    DecisionRule(
        "trial_ineffective_high_grade",
        _T,
        f"From month {MINIMUM_TRIAL_MONTHS}, no response by the threshold with troughs at "
        f"target; the baseline was high-grade but the latest values are not falling.",
        Action.STOP_INEFFECTIVE,
        ("B1", "B2", "G1", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
    ),
    DecisionRule(
        "awaiting_taper",
        Phase.AWAITING_TAPER,
        f"Remission confirmed, before the taper may start (month {MINIMUM_TRIAL_MONTHS} for a "
        f"complete remission, month {PARTIAL_REMISSION_TAPER_MONTHS} for a partial one).",
        Action.CONTINUE,
        ("B1", "B3", "G2", "G3", "H1", "D4", "D5"),
    ),
    DecisionRule(
        "taper_hold_creatinine",
        Phase.TAPER,
        "In the taper, creatinine is above its alert limit.",
        Action.HOLD_DOSE,
        ("C1", "E2", "D6", "D11"),
    ),
    DecisionRule(
        "taper_hold_nephrotic",
        Phase.TAPER,
        f"In the taper, the latest proteinuria is above {NEPHROTIC_LEVEL:g} but a relapse is "
        f"not yet confirmed.",
        Action.HOLD_DOSE,
        ("C1", "E3", "D4", "D6", "A9"),
    ),
    DecisionRule(
        "taper_wait",
        Phase.TAPER,
        f"In the taper, less than {TAPER_STEP_MIN_WEEKS} weeks since the last step.",
        Action.CONTINUE,
        ("C1", "D6"),
    ),
    DecisionRule(
        "taper_step",
        Phase.TAPER,
        "In the taper, the next step is due and nothing holds it.",
        Action.REDUCE_DOSE,
        ("C1", "G3", "H1", "D5", "D6", "A6"),
    ),
    DecisionRule(
        "maintenance",
        Phase.MAINTENANCE,
        f"At the reduced dose for less than {MAINTENANCE_MONTHS} months, before the stop "
        f"window opens.",
        Action.MAINTAIN_REDUCED_DOSE,
        ("C2", "H1", "D7", "D8"),
    ),
    DecisionRule(
        "maintenance_late",
        Phase.MAINTENANCE,
        f"At the reduced dose for less than {MAINTENANCE_MONTHS} months, and that period ends "
        f"after the stop window would have closed.",
        Action.MAINTAIN_REDUCED_DOSE,
        ("C2", "H1", "D7", "D8", "A8"),
    ),
    DecisionRule(
        "stop_window",
        Phase.STOP_WINDOW,
        f"Maintenance complete, {STOP_WINDOW_OPENS_MONTHS} to {STOP_WINDOW_CLOSES_MONTHS} "
        f"months after remission.",
        Action.CONSIDER_DISCONTINUATION,
        ("H1", "C3", "L1", "D8", "D9"),
    ),
    DecisionRule(
        "past_stop_window",
        Phase.PAST_STOP_WINDOW,
        f"More than {STOP_WINDOW_CLOSES_MONTHS} months after remission, still on the CNI.",
        Action.CONSIDER_DISCONTINUATION,
        ("H1", "C3", "L1", "L3", "D8", "D9"),
    ),
    DecisionRule(
        "relapse_hold",
        Phase.RELAPSE,
        "Relapse on the CNI, short of dependence.",
        Action.HOLD_DOSE,
        ("C2", "D10", "A7"),
    ),
    DecisionRule(
        "relapse_dependence",
        Phase.RELAPSE,
        f"Relapse on the CNI. {_DEPENDENCE}",
        Action.CONSIDER_RITUXIMAB,
        ("F3", "L3", "D10"),
    ),
    DecisionRule(
        "off_therapy_monitor",
        Phase.OFF_THERAPY,
        "CNI stopped, with no relapse since the stop.",
        Action.MONITOR_OFF_THERAPY,
        ("E3", "R2", "D9"),
    ),
    DecisionRule(
        "off_therapy_reinitiate",
        Phase.OFF_THERAPY,
        "CNI stopped, then a relapse, short of dependence.",
        Action.REINITIATE,
        ("F2", "D10"),
    ),
    DecisionRule(
        "off_therapy_dependence",
        Phase.OFF_THERAPY,
        f"CNI stopped, then a relapse. {_DEPENDENCE}",
        Action.CONSIDER_RITUXIMAB,
        ("F3", "L3", "D10"),
    ),
)
"""Every row of the decision table, by id, in the order ``recommend`` checks them."""

ALERT_RULES: dict[Alert, AlertRule] = {
    rule.alert: rule
    for rule in (
        AlertRule(
            Alert.LIKELY_INEFFECTIVE,
            "Raised by the trial rows above that find no response with troughs at target.",
            ("B2", "D2"),
        ),
        AlertRule(
            Alert.TROUGH_OUT_OF_RANGE,
            "On the CNI, the latest trough is outside the course's target range.",
            ("E1", "D3"),
        ),
        AlertRule(
            Alert.NEPHROTOXICITY_CHECK,
            "The latest creatinine is above its alert limit against the baseline, on or off "
            "the CNI.",
            ("E2", "D11"),
        ),
        AlertRule(
            Alert.PAST_STOP_WINDOW,
            f"On the CNI more than {STOP_WINDOW_CLOSES_MONTHS} months after remission.",
            ("L1", "D8"),
        ),
        AlertRule(
            Alert.ADVERSE_EFFECT_REVIEW,
            "On the CNI, an adverse effect was reported during the current period of therapy.",
            ("E4", "A8"),
        ),
    )
}
"""When each alert is raised, in vocabulary order."""
