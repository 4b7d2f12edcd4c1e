"""Creatinine and CNI nephrotoxicity (E2, D11, D17).

Its facts compare the latest creatinine with the period's baseline, follow a
confirmed rise and the cuts made for it. Its criteria open the alert, cut the
dose, hold steps and stops, and stop the CNI (:class:`NephrotoxicityVerdict`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from ._calendar import add_weeks
from ._course import (
    AssessmentKind,
    Course,
    Creatinine,
    DoseChangeReason,
    changes_for,
    latest,
    origin,
)
from ._decision_table import Criterion, DecisionRule
from ._doses import cut
from ._exact import exact
from ._parameters import (
    CREATININE_CUT_ABOVE,
    CREATININE_CUT_INTERVAL_WEEKS,
    CREATININE_RISE_FRACTION,
    Parameters,
)
from ._remission import Run
from ._therapy import TherapyPeriod
from ._traceability import implements
from ._trial import LATEST_TROUGH_ADEQUATE, latest_trough_adequate
from ._vocabulary import Action
from ._withdrawal import (
    NEXT_IS_LAST,
    STEP_DUE_NOW,
    STOP_DUE_NOW,
    UNDER_WAY,
    next_withdrawal_step,
    under_way,
)

if TYPE_CHECKING:
    from ._status import Status


class NephrotoxicityVerdict(StrEnum):
    """The decisions creatinine makes, in the order they are checked."""

    TOXICITY_STOP = "creatinine_toxicity_stop"
    WITHDRAWAL_STOP_FORWARD = "withdrawal_stop_forward"
    WITHDRAWAL_STEP_FORWARD = "withdrawal_step_forward"
    CUT_LOW_TROUGH = "creatinine_cut_low_trough"
    CUT = "creatinine_cut"
    STEP_HOLD = "step_hold_creatinine"
    STOP_HOLD = "stop_hold_creatinine"


_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CreatinineReview:
    """The latest creatinine against the period's baseline (D11, D17, P7).

    Attributes:
        baseline: Last value on or before the start of the period of therapy.
        latest: Latest value on or before the evaluation date.
        limit: The value above which the alert opens (same unit).
        cut_limit: The value above which a confirmed rise cuts the dose.
        explained: The value the clinician recorded as explained by another
            cause, while no later value has risen above it; None otherwise.
        rise_from: First value of the run of values above ``cut_limit`` that
            ends at the latest value, counted from 4 weeks after the last cut;
            None when the latest value is not above it.
        rise_confirmed: Whether that run is confirmed (P2).
        last_cut: Date of the last cut for a creatinine rise in the period.
        persists_after_cut: The confirmed run began with the first value from
            4 weeks after the last cut: the rise outlasted the cut (D17).
    """

    baseline: Creatinine
    latest: Creatinine
    limit: float
    cut_limit: float
    explained: Creatinine | None = None
    rise_from: date | None = None
    rise_confirmed: bool = False
    last_cut: date | None = None
    persists_after_cut: bool = False

    @property
    def alert(self) -> bool:
        """Whether the nephrotoxicity alert is open (compared as written, see ``exact``)."""
        return self.explained is None and exact(self.latest.value) > _limit(self.baseline.value)

    @property
    def rise(self) -> bool:
        """Whether a rise above the cut limit is confirmed and not explained (D17)."""
        return self.rise_confirmed and self.explained is None

    def explain(self) -> str:
        """The comparison, in plain words."""
        unit = self.baseline.unit
        relation = (
            "above" if exact(self.latest.value) > _limit(self.baseline.value) else ("at or below")
        )
        line = (
            f"creatinine {self.latest.value:g} {unit} on {self.latest.on} is {relation} "
            f"{self.limit:g} {unit} ({CREATININE_RISE_FRACTION:.0%} over the baseline "
            f"{self.baseline.value:g} {unit} of {self.baseline.on})"
        )
        if self.explained is not None:
            line += f"; recorded as explained by another cause at {self.explained.value:g} {unit}"
        if self.rise_from is not None:
            state = "confirmed" if self.rise_confirmed else "not yet confirmed"
            line += (
                f"; above {self.cut_limit:g} {unit} ({CREATININE_CUT_ABOVE:.0%} over the "
                f"baseline) since {self.rise_from}, {state}"
            )
        if self.last_cut is not None:
            line += f"; dose cut for creatinine on {self.last_cut}"
        return line


def creatinine_review(
    course: Course, period: TherapyPeriod, on: date, parameters: Parameters
) -> CreatinineReview:
    """Compare the latest creatinine with the baseline of the period of therapy (D11, D17, P7)."""
    baseline = latest(course.creatinine, period.start)
    last = latest(course.creatinine, on)
    assert baseline is not None  # the course has one on or before its start
    assert last is not None
    cuts = [
        change.on
        for change in period.observed(changes_for(course, DoseChangeReason.CREATININE_RISE), on)
    ]
    last_cut = cuts[-1] if cuts else None
    from_ = add_weeks(last_cut, CREATININE_CUT_INTERVAL_WEEKS) if last_cut else period.start
    gap = timedelta(days=parameters.confirmation_gap_days)
    days, firsts = _rise_runs(course, period, from_, baseline.value, gap)
    index = bisect_right(days, on) - 1
    first = firsts[index] if index >= 0 else None
    confirmed = first is not None and days[index] >= first + gap
    return CreatinineReview(
        baseline,
        last,
        float(_limit(baseline.value)),
        float(cut_limit(baseline.value)),
        _explained(course, period, on),
        first,
        confirmed,
        last_cut,
        last_cut is not None and confirmed and first == days[0],
    )


def _rise_runs(
    course: Course, period: TherapyPeriod, from_: date, baseline: float, gap: timedelta
) -> tuple[list[date], list[date | None]]:
    """The period's creatinine dates from ``from_``, and where each one's run of rises began.

    The run is of values above the cut limit, ending at the value; None where
    the value is not above it. Worked out once on the full course, for the
    copies known on each date (P2).
    """
    full = origin(course)
    key = ("creatinine runs", period.start, from_, baseline, gap)
    memo = full.memo
    if key not in memo:
        above = cut_limit(baseline)
        values = period.observed(full.creatinine, full.last_recorded, since=from_ - _DAY)
        run = Run()
        firsts: list[date | None] = []
        for value in values:
            run.update(value.on, exact(value.value) > above, gap)
            firsts.append(run.first)
        memo[key] = ([value.on for value in values], firsts)
    return cast(tuple[list[date], list[date | None]], memo[key])


def _explained(course: Course, period: TherapyPeriod, on: date) -> Creatinine | None:
    """The value recorded as explained, while no later value has risen above it (P7)."""
    recorded = [
        item.on
        for item in period.observed(course.assessments, on)
        if item.kind is AssessmentKind.CREATININE_RISE_EXPLAINED
    ]
    if not recorded:
        return None
    explained = latest(course.creatinine, recorded[-1])
    assert explained is not None
    later = period.observed(course.creatinine, on, since=recorded[-1])
    if any(value.value > explained.value for value in later):
        return None
    return explained


def _creatinine_limit(baseline: float, fraction: float) -> Fraction:
    return exact(baseline) * (1 + exact(fraction))


_limits = lru_cache(maxsize=1024)(_creatinine_limit)
"""The limits of :func:`_creatinine_limit`, worked out once per baseline value."""


def _limit(baseline: float) -> Fraction:
    return _limits(baseline, CREATININE_RISE_FRACTION)


def cut_limit(baseline: float) -> Fraction:
    """The creatinine above which a confirmed rise cuts the dose: 1.3 times ``baseline`` (D17)."""
    return _limits(baseline, CREATININE_CUT_ABOVE)


def creatinine_alert(status: Status) -> bool:
    """The latest creatinine is more than 20% above the period's baseline, unexplained (D11)."""
    return status.creatinine.alert


def creatinine_rise(status: Status) -> bool:
    """A rise above 1.3 times the baseline, confirmed and unexplained (D17)."""
    return status.creatinine.rise


def cut_dose(status: Status) -> float | None:
    """The dose after a cut for creatinine, or None when no lower dose can be given (D17, D20)."""
    assert status.dose is not None
    step = status.parameters.dose_step(status.course.agent.value)
    return cut(status.dose, status.parameters.creatinine_cut_fraction, step)


def toxicity_stop_due(status: Status) -> bool:
    """The rise outlasted a cut, or no cut is possible with the trough at target (D17, P7).

    During a withdrawal no cut is made (the next step comes forward instead, P10),
    so only a rise that outlasted an earlier cut stops the CNI then.
    """
    if not creatinine_rise(status):
        return False
    cuttable = under_way(status) or cut_dose(status) is not None
    impossible = not cuttable and latest_trough_adequate(status)
    return status.creatinine.persists_after_cut or impossible


CREATININE_ALERT = Criterion(
    f"creatinine is more than {CREATININE_RISE_FRACTION:.0%} above the baseline",
    f"creatinine is within {CREATININE_RISE_FRACTION:.0%} of the baseline, or its rise is "
    f"explained",
    ("E2", "D11"),
    ("CREATININE_RISE_FRACTION",),
    test=creatinine_alert,
)
CREATININE_RISE = Criterion(
    f"creatinine is more than {CREATININE_CUT_ABOVE:.0%} above the baseline, confirmed and "
    f"unexplained",
    f"no confirmed unexplained rise of more than {CREATININE_CUT_ABOVE:.0%}",
    ("E2", "D17"),
    ("CREATININE_CUT_ABOVE", "confirmation_gap_days"),
    test=creatinine_rise,
)
TOXICITY_STOP_DUE = Criterion(
    "the rise persists after a dose cut, or no lower dose can be given",
    "a cut may still bring the rise down",
    ("E2", "L1", "D17"),
    ("CREATININE_CUT_INTERVAL_WEEKS", "creatinine_cut_fraction"),
    test=toxicity_stop_due,
)
TOXICITY_STOP = DecisionRule(
    NephrotoxicityVerdict.TOXICITY_STOP,
    None,
    (TOXICITY_STOP_DUE,),
    Action.STOP_FOR_TOXICITY,
    ("E2", "L1", "D17"),
    says=lambda s: (
        "Creatinine stays more than "
        f"{CREATININE_CUT_ABOVE:.0%} above its baseline despite a lower dose: stopping the CNI "
        "for nephrotoxicity may be considered; evaluate the kidney function."
    ),
)
"""On the CNI, a creatinine rise that outlasted a cut (P1, rung 1; D17)."""

CREATININE_RULES = (
    DecisionRule(
        NephrotoxicityVerdict.WITHDRAWAL_STOP_FORWARD,
        None,
        (UNDER_WAY, CREATININE_RISE, NEXT_IS_LAST),
        Action.CONSIDER_DISCONTINUATION,
        ("C3", "E2", "D17", "D19"),
        says=lambda s: (
            "Creatinine has risen and stays up during the withdrawal: bring the last step "
            "forward and consider stopping the CNI now."
        ),
    ),
    DecisionRule(
        NephrotoxicityVerdict.WITHDRAWAL_STEP_FORWARD,
        None,
        (UNDER_WAY, CREATININE_RISE),
        Action.REDUCE_DOSE,
        ("C3", "E2", "D17", "D19"),
        says=lambda s: (
            f"Creatinine has risen and stays up during the withdrawal: bring the next step "
            f"forward, to {next_withdrawal_step(s).dose_mg_per_day:g} mg/day now, instead of a "
            f"separate cut."
        ),
        dose=lambda s: next_withdrawal_step(s).dose_mg_per_day,
    ),
    DecisionRule(
        NephrotoxicityVerdict.CUT_LOW_TROUGH,
        None,
        (CREATININE_RISE, ~LATEST_TROUGH_ADEQUATE),
        Action.HOLD_DOSE,
        ("E1", "E2", "D17"),
        says=lambda s: (
            "Creatinine has risen, confirmed, but the latest trough is below the target: a "
            "higher CNI exposure does not explain it. Keep the current dose and look for "
            "another cause (fluid status, interacting drugs, other kidney injury)."
        ),
    ),
    DecisionRule(
        NephrotoxicityVerdict.CUT,
        None,
        (CREATININE_RISE,),
        Action.REDUCE_DOSE_FOR_CREATININE,
        ("E2", "D17", "D20"),
        says=lambda s: (
            f"Creatinine is more than {CREATININE_CUT_ABOVE:.0%} above its baseline, confirmed: "
            f"lower the dose to {cut_dose(s):g} mg/day, "
            f"{s.parameters.creatinine_cut_fraction:.0%} less, and check the trough, the fluid "
            f"status and interacting drugs. This is not a taper step."
        ),
        dose=cut_dose,
    ),
)
"""On the CNI, a confirmed creatinine rise (P1, rung 4; D17, P10)."""

STEP_HOLD = DecisionRule(
    NephrotoxicityVerdict.STEP_HOLD,
    None,
    (STEP_DUE_NOW, CREATININE_ALERT),
    Action.HOLD_DOSE,
    ("C1", "E2", "D6", "D11"),
    says=lambda s: (
        "Creatinine is above its limit: keep the current dose, check the trough and look for "
        "CNI nephrotoxicity before any further step down."
    ),
)
"""A taper or withdrawal step held by the creatinine alert (P1, rung 6; D11)."""

STOP_HOLD = DecisionRule(
    NephrotoxicityVerdict.STOP_HOLD,
    None,
    (STOP_DUE_NOW, CREATININE_ALERT),
    Action.HOLD_DOSE,
    ("C3", "E2", "D11"),
    says=lambda s: (
        "Creatinine is above its limit: keep the current dose, check the trough and evaluate "
        "the kidney function before deciding on a stop."
    ),
)
"""A stop held by the creatinine alert (P1, rung 6; D11)."""


implements("E2", "D11", "D17", "A1")(creatinine_review)
