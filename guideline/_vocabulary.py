"""The guideline's vocabulary: phases, actions, alerts, and the words a clinician reads for each.

The strings of :class:`Phase`, :class:`Action` and :class:`Alert` are stable in
JSON and the API. Every rendering (the CLI, FHIR, CDS Hooks, the timeline, the
site) takes its titles, alert texts and severities from here, so a clinician
reads the same words wherever the advice is shown.
"""

from __future__ import annotations

from enum import StrEnum


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


class Severity(StrEnum):
    """How urgently an alert asks for attention (the CDS Hooks indicator values)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


ACTION_TITLES: dict[Action, str] = {
    Action.CONTINUE: "Continue the CNI",
    Action.STOP_INEFFECTIVE: "Consider stopping the CNI as ineffective",
    Action.REDUCE_DOSE: "Lower the CNI dose by one taper step",
    Action.HOLD_DOSE: "Hold the CNI at its current dose",
    Action.MAINTAIN_REDUCED_DOSE: "Keep the CNI at the reduced dose",
    Action.CONSIDER_DISCONTINUATION: "Consider stopping the CNI",
    Action.MONITOR_OFF_THERAPY: "Off the CNI: keep watching for relapse",
    Action.REINITIATE: "Consider restarting the CNI",
    Action.CONSIDER_RITUXIMAB: "Consider an alternative such as rituximab",
}
"""A short title for each action; the "consider" of the source is kept."""

ALERT_TEXTS: dict[Alert, str] = {
    Alert.LIKELY_INEFFECTIVE: (
        "Proteinuria has not fallen by the response threshold: the CNI may be ineffective."
    ),
    Alert.TROUGH_OUT_OF_RANGE: "The latest CNI trough is outside the target range of this course.",
    Alert.NEPHROTOXICITY_CHECK: (
        "Creatinine is above its alert limit against baseline: check the trough and, if "
        "nothing else explains the rise, evaluate for CNI nephrotoxicity."
    ),
    Alert.PAST_STOP_WINDOW: (
        "The stop window has closed and the CNI goes on: reassess whether it is still needed."
    ),
    Alert.ADVERSE_EFFECT_REVIEW: (
        "An adverse effect was reported during this period of therapy: review it."
    ),
}
"""What each alert asks of the clinician, in plain words."""

ALERT_SEVERITY: dict[Alert, Severity] = {
    Alert.LIKELY_INEFFECTIVE: Severity.WARNING,
    Alert.TROUGH_OUT_OF_RANGE: Severity.WARNING,
    Alert.NEPHROTOXICITY_CHECK: Severity.CRITICAL,
    Alert.PAST_STOP_WINDOW: Severity.WARNING,
    Alert.ADVERSE_EFFECT_REVIEW: Severity.WARNING,
}
"""How urgent each alert is: a possible kidney injury from the drug itself is critical."""


def by_severity(alerts: tuple[Alert, ...]) -> tuple[Alert, ...]:
    """The alerts most severe first, in vocabulary order within a severity."""
    rank = list(Severity)
    return tuple(sorted(alerts, key=lambda alert: -rank.index(ALERT_SEVERITY[alert])))


def severity(alerts: tuple[Alert, ...]) -> Severity:
    """The severity of a set of alerts: that of the most severe, or info with none."""
    return ALERT_SEVERITY[by_severity(alerts)[0]] if alerts else Severity.INFO
