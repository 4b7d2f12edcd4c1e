"""The decision table: the order of precedence on the CNI, each phase's rows, the alert rules.

The rows come from the rule modules (:mod:`._trial`, :mod:`._taper`,
:mod:`._stop_window`, :mod:`._withdrawal`, :mod:`._relapse`,
:mod:`._nephrotoxicity`, :mod:`._monitoring`), each keyed by a member of its
verdict enum. On the CNI the rows of :data:`ON_THE_CNI` come first, in the order
of precedence of P1 (stops, dependence, creatinine, then the holds), then the
phase's own rows; off the CNI only the phase's rows. The first row that
applies decides (:func:`verdict`); the site renders the same rows as its
decision table, so the table cannot drift from the code.
"""

from __future__ import annotations

from datetime import date

from ._albumin import LOW_ALBUMIN_IN_REMISSION
from ._antibodies import ANTIBODY_POSITIVE_AT_STOP, ANTIBODY_REAPPEARED
from ._calendar import add_months, add_weeks
from ._decision_table import AlertRule, DecisionRule, Verdict, decide
from ._monitoring import (
    ADVERSE_EFFECT_THIS_PERIOD,
    TARGET_UNUSUAL,
    TROUGH_OUTSIDE_TARGET,
    VALUES_OUT_OF_DATE,
    MonitoringVerdict,
)
from ._monitoring import STEP_HOLD as STEP_HOLD_OLD_VALUES
from ._monitoring import STOP_HOLD as STOP_HOLD_OLD_VALUES
from ._nephrotoxicity import (
    CREATININE_ALERT,
    CREATININE_RULES,
    STEP_HOLD,
    STOP_HOLD,
    TOXICITY_STOP,
    NephrotoxicityVerdict,
)
from ._parameters import PROMPT_REVIEW_WEEKS, SOON_REVIEW_WEEKS, STEADY_REVIEW_MONTHS
from ._phase import IN_REMISSION, ON_CNI
from ._relapse import (
    DEPENDENCE,
    FULL_DOSE,
    LATEST_ABOVE_NEPHROTIC,
    OFF_THERAPY_RULES,
    RESTORE,
    RESTORE_HELD,
    RISE_HOLD,
    RISE_REPEAT,
    RISING,
    SUSPECTED,
    RelapseVerdict,
)
from ._review import next_review
from ._status import Status
from ._stop_window import (
    MAINTENANCE_RULES,
    PAST_STOP_WINDOW_CLOSE,
    PAST_STOP_WINDOW_RULES,
    STOP_WINDOW_RULES,
    StopWindowVerdict,
)
from ._taper import AWAITING_TAPER_RULES, TAPER_STEP, TAPER_WAIT, TaperVerdict
from ._trial import (
    BOUND_AWAITING,
    BOUND_STOP,
    INEFFECTIVE_STOP,
    LIKELY_INEFFECTIVE_SIGNAL,
    STOP_ON_OLD_VALUES,
    TRIAL_RULES,
    TrialVerdict,
)
from ._vocabulary import Alert, Phase
from ._withdrawal import UNDER_WAY, WITHDRAWAL_RULES, WithdrawalVerdict

VERDICTS = (
    TrialVerdict,
    TaperVerdict,
    StopWindowVerdict,
    WithdrawalVerdict,
    RelapseVerdict,
    NephrotoxicityVerdict,
    MonitoringVerdict,
)
"""The verdict enums of the rule modules: each member is the id of one row."""

ON_THE_CNI: tuple[DecisionRule, ...] = (
    TOXICITY_STOP,
    BOUND_STOP,
    INEFFECTIVE_STOP,
    DEPENDENCE,
    *CREATININE_RULES,
    SUSPECTED,
    RISE_HOLD,
    RISE_REPEAT,
    BOUND_AWAITING,
    STOP_ON_OLD_VALUES,
    STEP_HOLD,
    STOP_HOLD,
    STEP_HOLD_OLD_VALUES,
    STOP_HOLD_OLD_VALUES,
)
"""The rows read first in every phase on the CNI, in the order of precedence of P1."""

RULES_BY_PHASE: dict[Phase, tuple[DecisionRule, ...]] = {
    Phase.INITIAL_TRIAL: TRIAL_RULES,
    Phase.AWAITING_TAPER: AWAITING_TAPER_RULES,
    Phase.TAPER: (TAPER_WAIT, TAPER_STEP),
    Phase.MAINTENANCE: MAINTENANCE_RULES,
    Phase.STOP_WINDOW: STOP_WINDOW_RULES,
    Phase.PAST_STOP_WINDOW: PAST_STOP_WINDOW_RULES,
    Phase.WITHDRAWAL: WITHDRAWAL_RULES,
    Phase.RELAPSE: (RESTORE_HELD, RESTORE, FULL_DOSE),
    Phase.OFF_THERAPY: OFF_THERAPY_RULES,
}
"""Each phase's own rows, in the order they are read."""

DECISION_RULES: dict[str, DecisionRule] = {
    rule.id: rule for rules in (ON_THE_CNI, *RULES_BY_PHASE.values()) for rule in rules
}
"""Every row of the decision table, by id: first the rows read in every phase on the CNI,
then phase by phase, each in the order it is read."""


def _repeat_latest(status: Status) -> date:
    latest = status.response.latest
    assert latest is not None
    return add_weeks(latest.on, PROMPT_REVIEW_WEEKS)


def _rising(status: Status) -> date:
    if status.rise is not None and status.rise.confirmed is not None:
        return add_weeks(status.on, SOON_REVIEW_WEEKS)
    return _repeat_latest(status)


ALERT_RULES: dict[Alert, AlertRule] = {
    rule.alert: rule
    for rule in (
        AlertRule(
            Alert.LIKELY_INEFFECTIVE,
            ("B2", "D2"),
            (ON_CNI, ~IN_REMISSION, LIKELY_INEFFECTIVE_SIGNAL),
        ),
        AlertRule(Alert.TROUGH_OUT_OF_RANGE, ("E1", "D3"), (ON_CNI, TROUGH_OUTSIDE_TARGET)),
        AlertRule(
            Alert.NEPHROTOXICITY_CHECK,
            ("E2", "D11"),
            (CREATININE_ALERT,),
            review=lambda s: add_weeks(s.on, SOON_REVIEW_WEEKS),
        ),
        AlertRule(
            Alert.PAST_STOP_WINDOW,
            ("L1", "D8"),
            (ON_CNI, PAST_STOP_WINDOW_CLOSE, ~UNDER_WAY),
            review=lambda s: add_months(s.on, STEADY_REVIEW_MONTHS),
        ),
        AlertRule(
            Alert.ADVERSE_EFFECT_REVIEW,
            ("E4", "A8"),
            (ON_CNI, ADVERSE_EFFECT_THIS_PERIOD),
            review=lambda s: add_weeks(s.on, SOON_REVIEW_WEEKS),
        ),
        AlertRule(
            Alert.RELAPSE_SUSPECTED,
            ("E3", "D14"),
            (ON_CNI, IN_REMISSION, LATEST_ABOVE_NEPHROTIC),
            review=_repeat_latest,
        ),
        AlertRule(
            Alert.PROTEINURIA_RISING,
            ("E3", "D14"),
            (ON_CNI, IN_REMISSION, RISING),
            review=_rising,
        ),
        AlertRule(
            Alert.VALUES_OUT_OF_DATE,
            ("E1", "E2", "E3", "D18"),
            (ON_CNI, VALUES_OUT_OF_DATE),
            review=lambda s: add_weeks(s.on, PROMPT_REVIEW_WEEKS),
        ),
        AlertRule(
            Alert.TARGET_UNUSUAL,
            ("E1", "D21"),
            (ON_CNI, TARGET_UNUSUAL),
            review=lambda s: add_weeks(s.on, PROMPT_REVIEW_WEEKS),
        ),
        AlertRule(
            Alert.ANTIBODY_POSITIVE_AT_STOP,
            ("C3", "R2", "D22"),
            (ANTIBODY_POSITIVE_AT_STOP,),
            review=lambda s: add_weeks(s.on, SOON_REVIEW_WEEKS),
        ),
        AlertRule(
            Alert.ANTIBODY_REAPPEARED,
            ("E3", "D22"),
            (ANTIBODY_REAPPEARED,),
            review=lambda s: add_weeks(s.on, SOON_REVIEW_WEEKS),
        ),
        AlertRule(Alert.LOW_ALBUMIN_IN_REMISSION, ("E3", "D23"), (LOW_ALBUMIN_IN_REMISSION,)),
    )
}
"""When each alert is raised and how soon it asks for a review, in vocabulary order."""


def verdict(status: Status) -> Verdict:
    """The row that decides: on the CNI the rows of precedence first, then the phase's own."""
    rows = RULES_BY_PHASE[status.phase]
    return decide((*ON_THE_CNI, *rows) if status.dose is not None else rows, status)


def standing_alerts(status: Status) -> frozenset[Alert]:
    """The alerts that stand for ``status`` whatever the row (P1)."""
    return frozenset(rule.alert for rule in ALERT_RULES.values() if rule.stands(status))


def review_date(status: Status, rule: DecisionRule, alerts: frozenset[Alert]) -> date:
    """The next review: the earliest of the phase's, the row's and every alert's bound (P1)."""
    return next_review(
        status, [rule.review(status), *(ALERT_RULES[a].review(status) for a in alerts)]
    )
