"""The initial trial: judging the response, and stopping for non-response (B1, B2, G1, D2, D3).

Its criteria are the questions asked before any remission: has month 4 come,
is there a value to judge by, has proteinuria fallen by the threshold, were
troughs at target, has month 6 come, is a high-grade baseline still falling.
The rows of :class:`TrialVerdict` read them in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from ._calendar import Window, add_months
from ._course import Course, DoseChangeReason, Proteinuria, changes_for, latest
from ._decision_table import Criterion, DecisionRule
from ._monitoring import PROTEINURIA_FRESH, TARGET_UNUSUAL, target_unusual
from ._parameters import MINIMUM_TRIAL_MONTHS, RESPONSE_CHECK_MONTHS, TRIAL_BOUND_MONTHS
from ._remission import RemissionHistory
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._vocabulary import Action, Alert, Phase

if TYPE_CHECKING:
    from ._status import Status


class TrialVerdict(StrEnum):
    """The decisions of a trial without remission: its stops, its holds, then its own rows."""

    BOUND = "trial_bound"
    INEFFECTIVE = "trial_ineffective"
    BOUND_AWAITING = "trial_bound_awaiting_confirmation"
    OLD_VALUES = "trial_stop_values_out_of_date"
    EARLY = "trial_early"
    NO_VALUE = "trial_no_value"
    RESPONDING = "trial_responding"
    TROUGHS_NOT_AT_TARGET = "trial_troughs_not_at_target"
    LIKELY_INEFFECTIVE = "trial_likely_ineffective"
    UNCONFIRMED = "trial_nonresponse_unconfirmed"
    TARGET_UNUSUAL = "trial_target_unusual"
    HIGH_GRADE_FALLING = "trial_high_grade_falling"
    AWAITING_REMISSION = "trial_awaiting_remission"


@dataclass(frozen=True)
class Trial:
    """A stretch of therapy judged as one trial: from t0, a restart, or a relapse on the CNI.

    Each period of therapy begins a trial; each relapse confirmed on the CNI
    begins another within the period (D15, P6).

    Attributes:
        start: The trial's first day: the period's start, or the date the
            relapse that opened it was confirmed.
        baseline: The last proteinuria value on or before ``start``.
        starting_dose_mg_per_day: The dose the taper is measured from (D6): the
            period's starting dose, or the dose restored after a relapse on a
            reduced dose.
        restore_mg_per_day: After a relapse on a reduced dose, the dose that
            brought the remission, to be restored (D15); None otherwise.
        relapse_on_reduction: Whether the relapse that opened the trial came on
            a reduced dose; None for the period's first trial.
    """

    start: date
    baseline: Proteinuria
    starting_dose_mg_per_day: float
    restore_mg_per_day: float | None = None
    relapse_on_reduction: bool | None = None

    @property
    def bound(self) -> date:
        """The trial's month-12 bound (D13)."""
        return add_months(self.start, TRIAL_BOUND_MONTHS)


def trials(
    course: Course, period: TherapyPeriod, history: RemissionHistory, on: date
) -> tuple[Trial, ...]:
    """The trials of one period as known on ``on`` (D15, P6).

    A relapse confirmed while the CNI is given opens a new trial. On a dose
    below the trial's starting dose it is a relapse on reduction: the dose to
    restore is the one in force when the trial's first remission was
    confirmed, never above the period's starting dose nor above a dose cut for
    creatinine before the relapse. On the full dose the new trial keeps the
    dose. A relapse off the CNI opens none: it is judged off therapy.
    """
    found = [Trial(period.start, period.baseline, period.starting_dose_mg_per_day)]
    cuts = [
        (change.on, change.dose_mg_per_day)
        for change in period.observed(changes_for(course, DoseChangeReason.CREATININE_RISE), on)
    ]
    worked: float | None = None
    for episode in history.episodes:
        trial = found[-1]
        if worked is None:
            worked = course.dose_on(episode.confirmed)
        relapse = episode.ended if episode.relapsed else None
        dose = course.dose_on(relapse) if relapse is not None else None
        if relapse is None or dose is None:
            continue
        reduced = dose < trial.starting_dose_mg_per_day
        restore = None
        if reduced:
            restore = min(
                trial.starting_dose_mg_per_day if worked is None else worked,
                period.starting_dose_mg_per_day,
                *(cut for cut_on, cut in cuts if cut_on <= relapse),
            )
        baseline = latest(course.proteinuria, relapse)
        assert baseline is not None  # the course has one on or before its start
        starting = trial.starting_dose_mg_per_day if restore is None else restore
        found.append(Trial(relapse, baseline, starting, restore, reduced))
        worked = None
    return tuple(found)


def response_check(trial: Trial) -> Window:
    """From month 4 of the trial (a missing response may be flagged) to month 6 (B1, B2, D2).

    From the window's last day a stop for non-response may be advised.
    """
    return Window(
        add_months(trial.start, RESPONSE_CHECK_MONTHS),
        add_months(trial.start, MINIMUM_TRIAL_MONTHS),
    )


def before_response_check(status: Status) -> bool:
    """Fewer than 4 months of the trial have passed (B2, D2)."""
    return status.on < response_check(status.trial).opens


def value_since_response_check(status: Status) -> bool:
    """A proteinuria value from month 4 on can be compared with a non-zero baseline (B2, E3)."""
    latest = status.response.latest
    return (
        latest is not None
        and latest.on >= response_check(status.trial).opens
        and status.response.fall is not None
    )


def responded(status: Status) -> bool:
    """The latest proteinuria has fallen by at least the response threshold (B2, D2)."""
    return status.response.fell_by(status.parameters.nonresponse_threshold)


def troughs_at_target(status: Status) -> bool:
    """Troughs have been at target over the response period, as D3 defines it."""
    return status.response.troughs.at_target


def latest_trough_adequate(status: Status) -> bool:
    """The latest trough is at or above the target's lower bound (D2a, D17)."""
    latest = status.response.troughs.latest
    return latest is not None and latest.value >= status.course.target_trough.low


def likely_ineffective_signal(status: Status) -> bool:
    """From month 4, the latest value short of the threshold with the trough at target (D2a)."""
    return (
        value_since_response_check(status)
        and not responded(status)
        and latest_trough_adequate(status)
    )


def before_minimum_trial(status: Status) -> bool:
    """Fewer than 6 months of the trial have passed (B1, D2)."""
    return status.on < response_check(status.trial).closes


def nonresponse_confirmed(status: Status) -> bool:
    """The values from month 4 on have each fallen short of the threshold, confirmed (D2b, P2)."""
    return status.response.short_confirmed


def high_grade_falling(status: Status) -> bool:
    """A baseline at or above the high-grade level, and a falling trend (G1, D2, P3)."""
    high = status.response.baseline.level >= status.parameters.high_grade_proteinuria
    return high and status.response.trending_down


def trial_bound_reached(status: Status) -> bool:
    """No remission ongoing on or after the trial's month-12 bound (D13)."""
    return status.remission is None and status.on >= status.trial.bound


def awaiting_confirmation(status: Status) -> bool:
    """The latest value would make a remission, its confirming value not yet come (P4)."""
    return status.remission is None and status.history.awaiting is not None


def nonresponse_stop_due(status: Status) -> bool:
    """From month 6 of a trial, a confirmed non-response that may stop the CNI (D2b, D3, D21, G1).

    Troughs at target over the response period, a target within the cited
    span, and no falling trend from a high-grade baseline.
    """
    return (
        status.remission is None
        and not before_minimum_trial(status)
        and nonresponse_confirmed(status)
        and troughs_at_target(status)
        and not target_unusual(status)
        and not high_grade_falling(status)
    )


def ineffective_stop_due(status: Status) -> bool:
    """The trial's bound is reached, or a non-response may stop the CNI (D2b, D13)."""
    return trial_bound_reached(status) or nonresponse_stop_due(status)


BEFORE_RESPONSE_CHECK = Criterion(
    f"less than {RESPONSE_CHECK_MONTHS} months into the trial",
    f"from month {RESPONSE_CHECK_MONTHS} of the trial",
    ("B2", "D2"),
    ("RESPONSE_CHECK_MONTHS",),
    test=before_response_check,
)
VALUE_SINCE_RESPONSE_CHECK = Criterion(
    f"a proteinuria value since month {RESPONSE_CHECK_MONTHS}, against a non-zero baseline",
    f"no proteinuria value since month {RESPONSE_CHECK_MONTHS}, or a zero baseline",
    ("B2", "E3", "D2", "A10"),
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
LATEST_TROUGH_ADEQUATE = Criterion(
    "the latest trough is at or above the target's lower bound",
    "the latest trough is below the target, or none was measured",
    ("E1", "D2", "D17"),
    test=latest_trough_adequate,
)
LIKELY_INEFFECTIVE_SIGNAL = Criterion(
    f"from month {RESPONSE_CHECK_MONTHS}, the latest value short of the response threshold with "
    f"the latest trough at or above the target",
    "no early sign of an ineffective CNI",
    ("B2", "D2"),
    ("nonresponse_threshold", "RESPONSE_CHECK_MONTHS"),
    test=likely_ineffective_signal,
)
BEFORE_MINIMUM_TRIAL = Criterion(
    f"before month {MINIMUM_TRIAL_MONTHS}",
    f"from month {MINIMUM_TRIAL_MONTHS}",
    ("B1", "D2"),
    ("MINIMUM_TRIAL_MONTHS",),
    test=before_minimum_trial,
)
NONRESPONSE_CONFIRMED = Criterion(
    "the lack of response is confirmed by a second value",
    "the lack of response rests on one value so far",
    ("B2", "D2", "P2"),
    ("confirmation_gap_days",),
    test=nonresponse_confirmed,
)
HIGH_GRADE_FALLING = Criterion(
    "a high-grade baseline with values still falling",
    "no falling trend from a high-grade baseline",
    ("G1", "D2"),
    ("high_grade_proteinuria", "trend_weeks", "trend_fall"),
    test=high_grade_falling,
)
TRIAL_BOUND_REACHED = Criterion(
    f"month {TRIAL_BOUND_MONTHS} of the trial reached without a remission",
    f"a remission, or less than {TRIAL_BOUND_MONTHS} months into the trial",
    ("B1", "B3", "D13"),
    ("TRIAL_BOUND_MONTHS",),
    test=trial_bound_reached,
)
AWAITING_CONFIRMATION = Criterion(
    "the latest value would make a remission once confirmed",
    "the latest value would not make a remission",
    ("D4", "D13"),
    ("confirmation_gap_days",),
    test=awaiting_confirmation,
)
NONRESPONSE_STOP_DUE = Criterion(
    f"from month {MINIMUM_TRIAL_MONTHS}, a confirmed lack of response with troughs at a usual "
    f"target, and no falling trend from a high-grade baseline",
    "no confirmed lack of response that may stop the CNI",
    ("B1", "B2", "G1", "D2", "D3", "D21"),
    ("nonresponse_threshold", "high_grade_proteinuria"),
    test=nonresponse_stop_due,
)
INEFFECTIVE_STOP_DUE = Criterion(
    "a stop for lack of effect is due",
    "no stop for lack of effect is due",
    ("D2", "D13"),
    test=ineffective_stop_due,
)


def _repeat(status: Status) -> date | None:
    first = status.response.short_from
    gap = timedelta(days=status.parameters.confirmation_gap_days)
    return None if first is None else first + gap


def _bound(status: Status) -> str:
    return (
        f" Remission is expected by {status.trial.bound}, month {TRIAL_BOUND_MONTHS} of the "
        f"trial; without one the CNI is stopped then."
    )


def _ineffective(status: Status, why: str) -> str:
    low = "" if troughs_at_target(status) else " Troughs were not at target, so exposure was low."
    return (
        f"{why}: the CNI may be considered ineffective, and stopping it may be considered; "
        f"consider another treatment, such as rituximab or a cyclophosphamide-based "
        f"regimen.{low}"
    )


_T = Phase.INITIAL_TRIAL

BOUND_STOP = DecisionRule(
    TrialVerdict.BOUND,
    None,
    (TRIAL_BOUND_REACHED, PROTEINURIA_FRESH, ~AWAITING_CONFIRMATION),
    Action.STOP_INEFFECTIVE,
    ("B1", "B3", "D13"),
    says=lambda s: _ineffective(
        s, f"No remission {TRIAL_BOUND_MONTHS} months into the trial (on {s.trial.bound})"
    ),
)
"""On the CNI, the trial's month-12 bound without remission (P1, rung 2; D13)."""

INEFFECTIVE_STOP = DecisionRule(
    TrialVerdict.INEFFECTIVE,
    None,
    (NONRESPONSE_STOP_DUE, PROTEINURIA_FRESH, ~AWAITING_CONFIRMATION),
    Action.STOP_INEFFECTIVE,
    ("B1", "B2", "D2", "D3"),
    says=lambda s: _ineffective(
        s,
        f"After at least {MINIMUM_TRIAL_MONTHS} months with troughs at target, proteinuria has "
        f"not fallen by the response threshold on two values in a row",
    ),
)
"""On the CNI, a confirmed non-response from month 6 (P1, rung 2; D2b)."""

BOUND_AWAITING = DecisionRule(
    TrialVerdict.BOUND_AWAITING,
    None,
    (TRIAL_BOUND_REACHED, AWAITING_CONFIRMATION),
    Action.HOLD_DOSE,
    ("B3", "G3", "D4", "D13"),
    says=lambda s: (
        f"The trial's month-{TRIAL_BOUND_MONTHS} bound has come, but the latest value would make "
        f"a remission once confirmed: keep the current dose and repeat the measurement before "
        f"deciding."
    ),
    review=lambda s: s.history.awaiting,
)
"""The bound, deferred for a remission awaiting confirmation (P1, rung 6; P4)."""

STOP_ON_OLD_VALUES = DecisionRule(
    TrialVerdict.OLD_VALUES,
    None,
    (INEFFECTIVE_STOP_DUE, ~PROTEINURIA_FRESH),
    Action.HOLD_DOSE,
    ("E3", "D13", "D18"),
    (Alert.VALUES_OUT_OF_DATE,),
    says=lambda s: (
        "A stop for lack of effect would be due, but the latest proteinuria is out of date: "
        "keep the current dose and quantify proteinuria before deciding."
    ),
)
"""A stop for lack of effect waiting for a fresh value (P1, rung 6; P9)."""

TRIAL_RULES: tuple[DecisionRule, ...] = (
    DecisionRule(
        TrialVerdict.EARLY,
        _T,
        (BEFORE_RESPONSE_CHECK,),
        Action.CONTINUE,
        ("B1", "B2", "D2"),
        says=lambda s: (
            f"Less than {RESPONSE_CHECK_MONTHS} months into the trial: continue at the target "
            f"trough. The response is judged from month {RESPONSE_CHECK_MONTHS}, and the CNI is "
            f"not stopped for lack of response before month {MINIMUM_TRIAL_MONTHS}."
        ),
        review=lambda s: response_check(s.trial).opens,
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
            + _bound(s)
        ),
    ),
    DecisionRule(
        TrialVerdict.RESPONDING,
        _T,
        (RESPONDED,),
        Action.CONTINUE,
        ("B2", "B3", "G2", "G3", "D2", "D5", "D13"),
        says=lambda s: (
            "Proteinuria has fallen by at least the response threshold but remission is not "
            "confirmed: continue without reducing the dose, since the taper waits for "
            "remission." + _bound(s)
        ),
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
            "target range; the CNI is not stopped for this lack of response yet." + _bound(s)
        ),
    ),
    DecisionRule(
        TrialVerdict.LIKELY_INEFFECTIVE,
        _T,
        (BEFORE_MINIMUM_TRIAL,),
        Action.CONTINUE,
        ("B1", "B2", "D2", "D3"),
        says=lambda s: (
            f"With troughs at target, proteinuria has not fallen by the response threshold: "
            f"the CNI is likely ineffective. The decision to stop waits until month "
            f"{MINIMUM_TRIAL_MONTHS}."
        ),
        review=lambda s: response_check(s.trial).closes,
    ),
    DecisionRule(
        TrialVerdict.UNCONFIRMED,
        _T,
        (~NONRESPONSE_CONFIRMED,),
        Action.CONTINUE,
        ("B2", "D2"),
        says=lambda s: (
            "The latest proteinuria has not fallen by the response threshold, but it is the "
            "first such value: continue, and repeat the measurement; one value never stops the "
            "CNI." + _bound(s)
        ),
        review=_repeat,
    ),
    DecisionRule(
        TrialVerdict.TARGET_UNUSUAL,
        _T,
        (TARGET_UNUSUAL,),
        Action.CONTINUE,
        ("B2", "E1", "D21"),
        says=lambda s: (
            "Proteinuria has not fallen by the response threshold, but the target trough range "
            "is unlike those of the trials, so the lack of response is not judged on troughs: "
            "continue, and confirm the target." + _bound(s)
        ),
    ),
    DecisionRule(
        TrialVerdict.HIGH_GRADE_FALLING,
        _T,
        (HIGH_GRADE_FALLING,),
        Action.CONTINUE,
        ("B2", "G1", "D2"),
        says=lambda s: (
            "Proteinuria has not fallen by the response threshold, but the baseline was "
            "high-grade and the latest values keep falling: continue and reassess rather than "
            "stop." + _bound(s)
        ),
    ),
    DecisionRule(
        TrialVerdict.AWAITING_REMISSION,
        _T,
        (),
        Action.CONTINUE,
        ("B2", "D2", "D4"),
        says=lambda s: (
            "The latest value would make a remission once confirmed: continue, and repeat the "
            "measurement." + _bound(s)
        ),
        review=lambda s: s.history.awaiting,
    ),
)
"""The rows of a trial without remission, in the order they are read."""

implements("B1", "B2", "D2")(response_check)
implements("D13", "D15", "A7")(trials)
