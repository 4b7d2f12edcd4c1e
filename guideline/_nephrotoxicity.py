"""The creatinine check for CNI nephrotoxicity (E2, D11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache

from ._course import Course, Creatinine, up_to
from ._exact import exact
from ._parameters import CREATININE_RISE_FRACTION
from ._traceability import implements


@dataclass(frozen=True)
class CreatinineReview:
    """The latest creatinine against the pre-treatment baseline (D11).

    Attributes:
        baseline: Last value on or before the first CNI dose.
        latest: Latest value on or before the evaluation date.
        limit: The value above which the alert opens (same unit).
    """

    baseline: Creatinine
    latest: Creatinine
    limit: float

    @property
    def alert(self) -> bool:
        """Whether the nephrotoxicity alert is open (compared as written, see ``exact``)."""
        return exact(self.latest.value) > _limit(self.baseline.value)

    def explain(self) -> str:
        """The comparison, in plain words."""
        unit = self.baseline.unit
        relation = "above" if self.alert else "at or below"
        return (
            f"creatinine {self.latest.value:g} {unit} on {self.latest.on} is {relation} "
            f"{self.limit:g} {unit} ({CREATININE_RISE_FRACTION:.0%} over the baseline "
            f"{self.baseline.value:g} {unit} of {self.baseline.on})"
        )


def creatinine_review(course: Course, on: date) -> CreatinineReview:
    """Compare the latest creatinine with the baseline of the first start (D11, A1)."""
    baseline = up_to(course.creatinine, course.start)[-1]
    latest = up_to(course.creatinine, on)[-1]
    return CreatinineReview(baseline, latest, float(_limit(baseline.value)))


def _creatinine_limit(baseline: float) -> Fraction:
    return exact(baseline) * (1 + exact(CREATININE_RISE_FRACTION))


_limit = lru_cache(maxsize=1024)(_creatinine_limit)
"""The limit of :func:`_creatinine_limit`, worked out once per baseline value."""


implements("E2", "D11", "A1")(creatinine_review)
