"""The creatinine check for CNI nephrotoxicity (E2, D11).

Its criterion, the open creatinine alert, holds the taper
(:class:`NephrotoxicityVerdict`) and raises ``nephrotoxicity_check`` in every
recommendation while it is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from ._course import Course, Creatinine, up_to
from ._decision_table import Criterion, DecisionRule
from ._exact import exact
from ._parameters import CREATININE_RISE_FRACTION
from ._traceability import implements
from ._vocabulary import Action, Phase

if TYPE_CHECKING:
    from ._status import Status


class NephrotoxicityVerdict(StrEnum):
    """The decisions the creatinine check makes, in the order they are checked."""

    TAPER_HOLD = "taper_hold_creatinine"


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


def creatinine_alert(status: Status) -> bool:
    """The latest creatinine is more than 20% above the baseline (E2, D11)."""
    return status.creatinine.alert


CREATININE_ALERT = Criterion(
    f"creatinine is more than {CREATININE_RISE_FRACTION:.0%} above the baseline",
    f"creatinine is within {CREATININE_RISE_FRACTION:.0%} of the baseline",
    ("E2", "D11"),
    ("CREATININE_RISE_FRACTION",),
    test=creatinine_alert,
)

TAPER_HOLD = DecisionRule(
    NephrotoxicityVerdict.TAPER_HOLD,
    Phase.TAPER,
    (CREATININE_ALERT,),
    Action.HOLD_DOSE,
    ("C1", "E2", "D6", "D11"),
    says=lambda s: (
        "Creatinine is above its limit: hold the dose, check the trough and look for CNI "
        "nephrotoxicity before any further taper step."
    ),
)
"""The taper row that an open creatinine alert holds."""


implements("E2", "D11", "A1")(creatinine_review)
