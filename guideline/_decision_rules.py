"""The decision table: every row, by phase in the order it is read, and every alert rule.

The rows come from the rule modules (:mod:`._trial`, :mod:`._taper`,
:mod:`._stop_window`, :mod:`._relapse`, :mod:`._nephrotoxicity`), each keyed
by a member of its verdict enum. ``recommend`` reads the rows of the phase in
order and follows the first that applies (:func:`verdict`); the site renders
the same rows as its decision table, so the table cannot drift from the code.
"""

from __future__ import annotations

from ._decision_table import AlertRule, DecisionRule, Verdict, decide
from ._monitoring import ADVERSE_EFFECT_THIS_PERIOD, TROUGH_OUTSIDE_TARGET
from ._nephrotoxicity import CREATININE_ALERT, TAPER_HOLD, NephrotoxicityVerdict
from ._phase import ON_CNI
from ._relapse import OFF_THERAPY_RULES, RELAPSE_RULES, TAPER_HOLD_NEPHROTIC, RelapseVerdict
from ._status import Status
from ._stop_window import (
    MAINTENANCE_RULES,
    PAST_STOP_WINDOW_CLOSE,
    PAST_STOP_WINDOW_RULES,
    STOP_WINDOW_RULES,
    StopWindowVerdict,
)
from ._taper import AWAITING_TAPER_RULES, TAPER_STEP, TAPER_WAIT, TaperVerdict
from ._trial import TRIAL_RULES, TrialVerdict
from ._vocabulary import Alert, Phase

VERDICTS = (TrialVerdict, TaperVerdict, StopWindowVerdict, RelapseVerdict, NephrotoxicityVerdict)
"""The verdict enums of the rule modules: each member is the id of one row."""

RULES_BY_PHASE: dict[Phase, tuple[DecisionRule, ...]] = {
    Phase.INITIAL_TRIAL: TRIAL_RULES,
    Phase.AWAITING_TAPER: AWAITING_TAPER_RULES,
    Phase.TAPER: (TAPER_HOLD, TAPER_HOLD_NEPHROTIC, TAPER_WAIT, TAPER_STEP),
    Phase.MAINTENANCE: MAINTENANCE_RULES,
    Phase.STOP_WINDOW: STOP_WINDOW_RULES,
    Phase.PAST_STOP_WINDOW: PAST_STOP_WINDOW_RULES,
    Phase.RELAPSE: RELAPSE_RULES,
    Phase.OFF_THERAPY: OFF_THERAPY_RULES,
}
"""The rows of each phase, in the order they are read."""

DECISION_RULES: dict[str, DecisionRule] = {
    rule.id: rule for rules in RULES_BY_PHASE.values() for rule in rules
}
"""Every row of the decision table, by id: phase by phase, each in the order it is read."""

ALERT_RULES: dict[Alert, AlertRule] = {
    rule.alert: rule
    for rule in (
        AlertRule(
            Alert.LIKELY_INEFFECTIVE,
            ("B2", "D2"),
            when="Raised by the trial rows above that find no response with troughs at target.",
        ),
        AlertRule(Alert.TROUGH_OUT_OF_RANGE, ("E1", "D3"), (ON_CNI, TROUGH_OUTSIDE_TARGET)),
        AlertRule(Alert.NEPHROTOXICITY_CHECK, ("E2", "D11"), (CREATININE_ALERT,)),
        AlertRule(Alert.PAST_STOP_WINDOW, ("L1", "D8"), (ON_CNI, PAST_STOP_WINDOW_CLOSE)),
        AlertRule(Alert.ADVERSE_EFFECT_REVIEW, ("E4", "A8"), (ON_CNI, ADVERSE_EFFECT_THIS_PERIOD)),
    )
}
"""When each alert is raised, in vocabulary order."""


def verdict(status: Status) -> Verdict:
    """The row of the status's phase that decides, with the answers that chose it."""
    return decide(RULES_BY_PHASE[status.phase], status)


def standing_alerts(status: Status) -> frozenset[Alert]:
    """The alerts that stand for ``status`` whatever the row (E1, E2, E4, D8, D11, A8)."""
    return frozenset(rule.alert for rule in ALERT_RULES.values() if rule.stands(status))
