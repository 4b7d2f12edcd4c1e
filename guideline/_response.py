"""The response of a trial: the fall in proteinuria, its confirmation, the trend, the troughs.

Facts for the initial-trial rules (D2, D3, P2, P3); no decision is made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ._calendar import add_months, add_weeks
from ._course import Course, Proteinuria, Trough
from ._exact import exact
from ._parameters import RESPONSE_CHECK_MONTHS, Parameters
from ._remission import Run
from ._therapy import TherapyPeriod
from ._traceability import implements

if TYPE_CHECKING:
    from ._trial import Trial


@dataclass(frozen=True)
class TroughReview:
    """Whether troughs were at target over the response period (D3).

    Attributes:
        at_target: All three conditions of D3 hold.
        latest: The latest trough of the period.
        explanation: Which condition decided, in plain words.
    """

    at_target: bool
    latest: Trough | None
    explanation: str


@dataclass(frozen=True)
class Response:
    """How proteinuria has moved since the trial's baseline.

    Attributes:
        baseline: Last value on or before the trial's start.
        latest: Latest value after the trial's start, if any.
        fall: Fraction below the baseline (negative for a rise); None without a
            later value or with a zero baseline.
        trending_down: The three latest values each fall, over at least the
            trend span, the latest far enough below the baseline (G1, P3).
        troughs: The trough review of D3.
        short_from: First value of the run, from month 4 of the trial, of values
            each short of the threshold fall that ends at the latest value; None
            when the latest value is not short of it (D2, P2).
        short_confirmed: Whether that run is confirmed (P2).
    """

    baseline: Proteinuria
    latest: Proteinuria | None
    fall: float | None
    trending_down: bool
    troughs: TroughReview
    short_from: date | None = None
    short_confirmed: bool = False

    def fell_by(self, threshold: float) -> bool:
        """Whether the latest value fell by at least ``threshold``, compared as written."""
        return self.latest is not None and _fell(self.baseline, self.latest, threshold)


def _fell(baseline: Proteinuria, value: Proteinuria, threshold: float) -> bool:
    limit = exact(baseline.level) * (1 - exact(threshold))
    return exact(value.level) <= limit


def response(
    course: Course, period: TherapyPeriod, trial: Trial, on: date, parameters: Parameters
) -> Response:
    """Measure the response of one trial as known on ``on``."""
    values = period.observed(course.proteinuria, on, since=trial.start)
    latest = values[-1] if values else None
    baseline = trial.baseline
    fall = None
    if latest is not None and baseline.level > 0:
        base = exact(baseline.level)
        fall = float((base - exact(latest.level)) / base)
    run, confirmed = Run(), False
    check_from = add_months(trial.start, RESPONSE_CHECK_MONTHS)
    gap = timedelta(days=parameters.confirmation_gap_days)
    threshold = parameters.nonresponse_threshold
    limit = exact(baseline.level) * (1 - exact(threshold))
    for value in values:
        if value.on >= check_from:
            short = baseline.level > 0 and exact(value.level) > limit
            confirmed = run.update(value.on, short, gap)
    return Response(
        baseline,
        latest,
        fall,
        _trending_down(values, baseline, parameters),
        trough_review(course, period, trial, on),
        run.first,
        confirmed,
    )


def _trending_down(
    values: tuple[Proteinuria, ...], baseline: Proteinuria, parameters: Parameters
) -> bool:
    """Whether the values show a high-grade trend (G1, P3).

    The three latest values each lower than the one before, spanning the
    trend span, the latest at least the trend fall below the baseline.
    """
    if len(values) < 3:
        return False
    first, middle, last = values[-3:]
    return (
        first.level > middle.level > last.level
        and last.on >= add_weeks(first.on, parameters.trend_weeks)
        and exact(last.level) <= exact(baseline.level) * (1 - exact(parameters.trend_fall))
    )


def trough_review(course: Course, period: TherapyPeriod, trial: Trial, on: date) -> TroughReview:
    """Apply the three trough conditions of D3 to one trial up to ``on``."""
    low = course.target_trough.low
    troughs = period.observed(course.troughs, on, since=trial.start)
    latest = troughs[-1] if troughs else None
    since = None  # the first trough of the run at or above the bound that ends the period
    for trough in reversed(troughs):
        if trough.value < low:
            break
        since = trough
    check_from = add_months(trial.start, RESPONSE_CHECK_MONTHS)
    if latest is None:
        explanation = "no trough measured"
    elif since is None:
        explanation = (
            f"latest trough {latest.value:g} ng/mL on {latest.on} is below the "
            f"target's lower bound {low:g} ng/mL"
        )
    elif add_months(since.on, RESPONSE_CHECK_MONTHS) > on:
        explanation = (
            f"troughs at or above {low:g} ng/mL only since {since.on}, less than "
            f"{RESPONSE_CHECK_MONTHS} months"
        )
    elif latest.on < check_from:
        explanation = (
            f"no trough measured since {check_from} (month {RESPONSE_CHECK_MONTHS} of the trial)"
        )
    else:
        explanation = (
            f"troughs at or above {low:g} ng/mL since {since.on}, "
            f"last {latest.value:g} ng/mL on {latest.on}"
        )
        return TroughReview(True, latest, explanation)
    return TroughReview(False, latest, explanation)


implements("B2", "D2", "G1", "P2")(response)
implements("G1", "D2")(_trending_down)
implements("B2", "E1", "D3")(trough_review)
