"""The response to the first months of CNI: fall in proteinuria, troughs, trend (D2, D3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ._calendar import add_months
from ._course import Course, Proteinuria, Trough
from ._exact import exact
from ._parameters import RESPONSE_CHECK_MONTHS
from ._therapy import TherapyPeriod
from ._traceability import implements


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
    """How proteinuria has moved since the period's baseline.

    Attributes:
        baseline: Last value on or before the period start.
        latest: Latest value after the period start, if any.
        fall: Fraction below the baseline (negative for a rise); None without a
            later value or with a zero baseline.
        trending_down: The three latest values after the start each fall (D2).
        troughs: The trough review of D3.
    """

    baseline: Proteinuria
    latest: Proteinuria | None
    fall: float | None
    trending_down: bool
    troughs: TroughReview

    def fell_by(self, threshold: float) -> bool:
        """Whether proteinuria fell by at least ``threshold``, compared as written."""
        limit = exact(self.baseline.value) * (1 - exact(threshold))
        return self.latest is not None and exact(self.latest.value) <= limit


def response(course: Course, period: TherapyPeriod, on: date) -> Response:
    """Measure the response of one period as known on ``on``."""
    values = period.observed(course.proteinuria, on)
    latest = values[-1] if values else None
    baseline = period.baseline
    fall = None
    if latest is not None and baseline.value > 0:
        base = exact(baseline.value)
        fall = float((base - exact(latest.value)) / base)
    last_three = [value.value for value in values[-3:]]
    trending_down = len(last_three) == 3 and last_three[0] > last_three[1] > last_three[2]
    return Response(baseline, latest, fall, trending_down, trough_review(course, period, on))


def trough_review(course: Course, period: TherapyPeriod, on: date) -> TroughReview:
    """Apply the three trough conditions of D3 to one period up to ``on``."""
    low = course.target_trough.low
    troughs = period.observed(course.troughs, on)
    latest = troughs[-1] if troughs else None
    since = None  # the first trough of the run at or above the bound that ends the period
    for trough in reversed(troughs):
        if trough.value < low:
            break
        since = trough
    check_from = add_months(period.start, RESPONSE_CHECK_MONTHS)
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
        explanation = f"no trough measured since {check_from} (t0 + {RESPONSE_CHECK_MONTHS} months)"
    else:
        explanation = (
            f"troughs at or above {low:g} ng/mL since {since.on}, "
            f"last {latest.value:g} ng/mL on {latest.on}"
        )
        return TroughReview(True, latest, explanation)
    return TroughReview(False, latest, explanation)


implements("B2", "D2", "G1")(response)
implements("B2", "E1", "D3")(trough_review)
