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
    stop window. A withdrawal, a relapse and off therapy are entered and left
    only through new data.
    """

    INITIAL_TRIAL = "initial_trial"
    AWAITING_TAPER = "awaiting_taper"
    TAPER = "taper"
    MAINTENANCE = "maintenance"
    STOP_WINDOW = "stop_window"
    PAST_STOP_WINDOW = "past_stop_window"
    WITHDRAWAL = "withdrawal"
    """A recorded withdrawal under way (D19)."""
    RELAPSE = "relapse"
    """A relapse on the CNI: on a reduced dose until the dose that worked is restored
    (D15), on the full dose until a new remission or the trial's bound (P6)."""
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
    RESTORE_DOSE = "restore_dose"
    """Back to the dose that brought the remission, after a relapse on a reduced dose (D15)."""
    REDUCE_DOSE_FOR_CREATININE = "reduce_dose_for_creatinine"
    """Cut the current dose after a confirmed creatinine rise (D17)."""
    STOP_FOR_TOXICITY = "stop_for_toxicity"
    """Stop the CNI: the creatinine rise persists after a cut (D17)."""


class Alert(StrEnum):
    """Signals that accompany the action; zero or more per recommendation."""

    LIKELY_INEFFECTIVE = "likely_ineffective"
    TROUGH_OUT_OF_RANGE = "trough_out_of_range"
    NEPHROTOXICITY_CHECK = "nephrotoxicity_check"
    PAST_STOP_WINDOW = "past_stop_window"
    ADVERSE_EFFECT_REVIEW = "adverse_effect_review"
    RELAPSE_SUSPECTED = "relapse_suspected"
    PROTEINURIA_RISING = "proteinuria_rising"
    VALUES_OUT_OF_DATE = "values_out_of_date"
    TARGET_UNUSUAL = "target_unusual"
    ANTIBODY_POSITIVE_AT_STOP = "antibody_positive_at_stop"
    """Stopping is considered while the latest anti-PLA2R titre is positive (D22)."""
    ANTIBODY_REAPPEARED = "antibody_reappeared"
    """In remission, the anti-PLA2R titre is positive again after a negative one (D22)."""
    LOW_ALBUMIN_IN_REMISSION = "low_albumin_in_remission"
    """A partial remission with a low serum albumin (D23)."""


class Severity(StrEnum):
    """How urgently an alert asks for attention (the CDS Hooks indicator values)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


ACTION_TITLES: dict[Action, str] = {
    Action.CONTINUE: "Continue the CNI",
    Action.STOP_INEFFECTIVE: "Consider stopping the CNI as ineffective",
    Action.REDUCE_DOSE: "Lower the CNI dose by one taper step",
    Action.HOLD_DOSE: "Keep the current CNI dose, with no further reduction",
    Action.MAINTAIN_REDUCED_DOSE: "Keep the CNI at the reduced dose",
    Action.CONSIDER_DISCONTINUATION: "Consider stopping the CNI",
    Action.MONITOR_OFF_THERAPY: "Off the CNI: keep watching for relapse",
    Action.REINITIATE: "Consider restarting the CNI",
    Action.CONSIDER_RITUXIMAB: "Consider an alternative such as rituximab",
    Action.RESTORE_DOSE: "Restore the CNI dose that brought the remission",
    Action.REDUCE_DOSE_FOR_CREATININE: "Lower the CNI dose for the creatinine rise",
    Action.STOP_FOR_TOXICITY: "Consider stopping the CNI for nephrotoxicity",
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
    Alert.RELAPSE_SUSPECTED: (
        "A proteinuria value is back in the nephrotic range: repeat it before any dose "
        "reduction or stop, as it may be the start of a relapse."
    ),
    Alert.PROTEINURIA_RISING: (
        "Proteinuria has risen well above its lowest level since remission: no further "
        "reduction and no stop until it settles."
    ),
    Alert.VALUES_OUT_OF_DATE: (
        "A value the rules need is missing or more than 3 months old: measure it before the "
        "next decision."
    ),
    Alert.TARGET_UNUSUAL: (
        "The target trough range lies outside the targets used in the cited trials for this "
        "drug: confirm it."
    ),
    Alert.ANTIBODY_POSITIVE_AT_STOP: (
        "Stopping is being considered while the latest anti-PLA2R titre is at or above the "
        "laboratory's cut-off: the immunological disease may still be active. Measure it again, "
        "and consider waiting until it is negative before stopping."
    ),
    Alert.ANTIBODY_REAPPEARED: (
        "The anti-PLA2R titre is at or above the cut-off again after a negative result: its "
        "return can come before a relapse. Quantify proteinuria and measure the titre again soon."
    ),
    Alert.LOW_ALBUMIN_IN_REMISSION: (
        "Serum albumin was low at this partial remission, which goes with a higher risk of "
        "relapse: watch proteinuria closely and, during the taper, consider the longer interval "
        "between steps."
    ),
}
"""What each alert asks of the clinician, in plain words."""

ALERT_SEVERITY: dict[Alert, Severity] = {
    Alert.LIKELY_INEFFECTIVE: Severity.WARNING,
    Alert.TROUGH_OUT_OF_RANGE: Severity.WARNING,
    Alert.NEPHROTOXICITY_CHECK: Severity.CRITICAL,
    Alert.PAST_STOP_WINDOW: Severity.WARNING,
    Alert.ADVERSE_EFFECT_REVIEW: Severity.WARNING,
    Alert.RELAPSE_SUSPECTED: Severity.WARNING,
    Alert.PROTEINURIA_RISING: Severity.WARNING,
    Alert.VALUES_OUT_OF_DATE: Severity.WARNING,
    Alert.TARGET_UNUSUAL: Severity.WARNING,
    Alert.ANTIBODY_POSITIVE_AT_STOP: Severity.WARNING,
    Alert.ANTIBODY_REAPPEARED: Severity.WARNING,
    Alert.LOW_ALBUMIN_IN_REMISSION: Severity.WARNING,
}
"""How urgent each alert is: a possible kidney injury from the drug itself is critical."""


def by_severity(alerts: tuple[Alert, ...]) -> tuple[Alert, ...]:
    """The alerts most severe first, in vocabulary order within a severity."""
    rank = list(Severity)
    return tuple(sorted(alerts, key=lambda alert: -rank.index(ALERT_SEVERITY[alert])))


def severity(alerts: tuple[Alert, ...]) -> Severity:
    """The severity of a set of alerts: that of the most severe, or info with none."""
    return ALERT_SEVERITY[by_severity(alerts)[0]] if alerts else Severity.INFO
