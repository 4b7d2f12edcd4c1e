"""The initial trial: judging the response, and stopping for non-response (B1, B2, G1, D2, D3).

Its criteria are the questions asked before any remission: has month 4 come,
is there a value to judge by, has proteinuria fallen by the threshold, were
troughs at target, has month 6 come, is a high-grade baseline still falling.
The rows of :class:`TrialVerdict` read them in order.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from ._calendar import Window, add_months
from ._decision_table import Criterion, DecisionRule
from ._parameters import MINIMUM_TRIAL_MONTHS, RESPONSE_CHECK_MONTHS
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._vocabulary import Action, Alert, Phase

if TYPE_CHECKING:
    from ._status import Status


class TrialVerdict(StrEnum):
    """The decisions of the initial trial, in the order they are checked."""

    EARLY = "trial_early"
    NO_VALUE = "trial_no_value"
    RESPONDING = "trial_responding"
    TROUGHS_NOT_AT_TARGET = "trial_troughs_not_at_target"
    LIKELY_INEFFECTIVE = "trial_likely_ineffective"
    HIGH_GRADE_FALLING = "trial_high_grade_falling"
    INEFFECTIVE_HIGH_GRADE = "trial_ineffective_high_grade"
    INEFFECTIVE = "trial_ineffective"


def response_check(period: TherapyPeriod) -> Window:
    """From t0 + 4 months (a missing response may be flagged) to t0 + 6 months (B1, B2, D2).

    From the window's last day a stop for non-response may be advised.
    """
    return Window(
        add_months(period.start, RESPONSE_CHECK_MONTHS),
        add_months(period.start, MINIMUM_TRIAL_MONTHS),
    )


def before_response_check(status: Status) -> bool:
    """Fewer than 4 months of the period of therapy have passed (B2, D2)."""
    return status.on < response_check(status.period).opens


def value_since_response_check(status: Status) -> bool:
    """A proteinuria value from month 4 on can be compared with a non-zero baseline (B2, E3)."""
    latest = status.response.latest
    return (
        latest is not None
        and latest.on >= response_check(status.period).opens
        and status.response.fall is not None
    )


def responded(status: Status) -> bool:
    """Proteinuria has fallen by at least the response threshold from the baseline (B2, D2)."""
    return status.response.fell_by(status.parameters.nonresponse_threshold)


def troughs_at_target(status: Status) -> bool:
    """Troughs have been at target over the response period, as D3 defines it."""
    return status.response.troughs.at_target


def before_minimum_trial(status: Status) -> bool:
    """Fewer than 6 months of the period of therapy have passed (B1, D2)."""
    return status.on < response_check(status.period).closes


def high_grade_baseline(status: Status) -> bool:
    """The baseline proteinuria is at or above the high-grade level (G1, D2)."""
    return status.response.baseline.value >= status.parameters.high_grade_proteinuria


def trending_down(status: Status) -> bool:
    """The three latest values of the period each fall below the one before (G1, D2)."""
    return status.response.trending_down


BEFORE_RESPONSE_CHECK = Criterion(
    f"less than {RESPONSE_CHECK_MONTHS} months into the period of therapy",
    f"from month {RESPONSE_CHECK_MONTHS} of the period of therapy",
    ("B2", "D2"),
    ("RESPONSE_CHECK_MONTHS",),
    test=before_response_check,
)
VALUE_SINCE_RESPONSE_CHECK = Criterion(
    f"a proteinuria value since month {RESPONSE_CHECK_MONTHS}, against a non-zero baseline",
    f"no proteinuria value since month {RESPONSE_CHECK_MONTHS}, or a zero baseline",
    ("B2", "E3", "D2"),
    ("RESPONSE_CHECK_MONTHS",),
    test=value_since_response_check,
)
RESPONDED = Criterion(
    "proteinuria has fallen by at least the response threshold",
    "proteinuria has not fallen by the response threshold",
    ("B2", "D2"),
    ("nonresponse_threshold",),
    test=responded,
)
TROUGHS_AT_TARGET = Criterion(
    "troughs at target over the response period",
    "troughs not at target long enough to judge the CNI",
    ("B2", "E1", "D3"),
    ("RESPONSE_CHECK_MONTHS",),
    test=troughs_at_target,
)
BEFORE_MINIMUM_TRIAL = Criterion(
    f"before month {MINIMUM_TRIAL_MONTHS}",
    f"from month {MINIMUM_TRIAL_MONTHS}",
    ("B1", "D2"),
    ("MINIMUM_TRIAL_MONTHS",),
    test=before_minimum_trial,
)
HIGH_GRADE_BASELINE = Criterion(
    "the baseline was high-grade",
    "the baseline was not high-grade",
    ("G1", "D2"),
    ("high_grade_proteinuria",),
    test=high_grade_baseline,
)
TRENDING_DOWN = Criterion(
    "the latest values are still falling",
    "the latest values are not falling",
    ("G1", "D2"),
    test=trending_down,
)


def _month_4(status: Status) -> date:
    return response_check(status.period).opens


def _until_month_6(status: Status) -> date | None:
    closes = response_check(status.period).closes
    return closes if status.on < closes else None


_T = Phase.INITIAL_TRIAL
_INEFFECTIVE = (
    f"After at least {MINIMUM_TRIAL_MONTHS} months with troughs at target, proteinuria has not "
    f"fallen by the response threshold: the CNI may be considered ineffective, and stopping it "
    f"may be considered."
)

TRIAL_RULES: tuple[DecisionRule, ...] = (
    DecisionRule(
        TrialVerdict.EARLY,
        _T,
        (BEFORE_RESPONSE_CHECK,),
        Action.CONTINUE,
        ("B1", "B2", "D2"),
        says=lambda s: (
            f"Less than {RESPONSE_CHECK_MONTHS} months of CNI: continue at the target trough. "
            f"The response is judged from month {RESPONSE_CHECK_MONTHS}, and the CNI is not "
            f"stopped for lack of response before month {MINIMUM_TRIAL_MONTHS}."
        ),
        review=_month_4,
    ),
    DecisionRule(
        TrialVerdict.NO_VALUE,
        _T,
        (~VALUE_SINCE_RESPONSE_CHECK,),
        Action.CONTINUE,
        ("B2", "E3", "D2"),
        says=lambda s: (
            f"No proteinuria value measured against a non-zero baseline since month "
            f"{RESPONSE_CHECK_MONTHS}: continue, and quantify proteinuria to judge the response."
        ),
        review=_until_month_6,
    ),
    DecisionRule(
        TrialVerdict.RESPONDING,
        _T,
        (RESPONDED,),
        Action.CONTINUE,
        ("B2", "B3", "G2", "G3", "D2", "D5"),
        says=lambda s: (
            "Proteinuria has fallen by at least the response threshold but remission is not "
            "confirmed: continue without reducing the dose, since the taper waits for "
            "remission."
        ),
        review=_until_month_6,
    ),
    DecisionRule(
        TrialVerdict.TROUGHS_NOT_AT_TARGET,
        _T,
        (~TROUGHS_AT_TARGET,),
        Action.CONTINUE,
        ("B2", "E1", "D3"),
        says=lambda s: (
            "Proteinuria has not fallen by the response threshold, but troughs have not been "
            "at target long enough to judge the CNI: continue and bring the trough into the "
            "target range; the CNI is not stopped for non-response yet."
        ),
        review=_until_month_6,
    ),
    DecisionRule(
        TrialVerdict.LIKELY_INEFFECTIVE,
        _T,
        (BEFORE_MINIMUM_TRIAL,),
        Action.CONTINUE,
        ("B1", "B2", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
        says=lambda s: (
            f"With troughs at target, proteinuria has not fallen by the response threshold: "
            f"the CNI is likely ineffective. The decision to stop waits until month "
            f"{MINIMUM_TRIAL_MONTHS}."
        ),
        review=_until_month_6,
    ),
    DecisionRule(
        TrialVerdict.HIGH_GRADE_FALLING,
        _T,
        (HIGH_GRADE_BASELINE, TRENDING_DOWN),
        Action.CONTINUE,
        ("B2", "G1", "D2"),
        (Alert.LIKELY_INEFFECTIVE,),
        says=lambda s: (
            "Proteinuria has not fallen by the response threshold, but the baseline was "
            "high-grade and the latest values keep falling: continue and reassess rather than "
            "stop."
        ),
    ),
    DecisionRule(
        TrialVerdict.INEFFECTIVE_HIGH_GRADE,
        _T,
        (HIGH_GRADE_BASELINE,),
        Action.STOP_INEFFECTIVE,
        ("B1", "B2", "G1", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
        says=lambda s: _INEFFECTIVE,
    ),
    DecisionRule(
        TrialVerdict.INEFFECTIVE,
        _T,
        (),
        Action.STOP_INEFFECTIVE,
        ("B1", "B2", "D2", "D3"),
        (Alert.LIKELY_INEFFECTIVE,),
        says=lambda s: _INEFFECTIVE,
    ),
)
"""The rows of the initial trial, in the order they are read."""

implements("B1", "B2", "D2")(response_check)
