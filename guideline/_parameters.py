"""Every clinical number of the guideline, once, with the statement it comes from.

Fixed numbers are module constants; numbers the source gives as a range, or
that are local policy, are fields of :class:`Parameters` with an allowed range.
Statement ids (``B1``, ``C1``...) refer to :data:`guideline.STATEMENTS`;
decision ids (``D2``...) to :data:`guideline.INTERPRETATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ._errors import ParameterError
from ._validation import require_number

MINIMUM_TRIAL_MONTHS = 6
"""B1: months of CNI before response can be judged and before any taper (D2, D5)."""

RESPONSE_CHECK_MONTHS = 4
"""B2: months after the first dose from which a missing response may be flagged (D2).

It is also how long troughs must have been at target before a stop for
non-response (D3)."""

PARTIAL_REMISSION_TAPER_MONTHS = 12
"""B3, G2: months of therapy before a partial remission may be tapered (D5)."""

TAPER_STEP_MIN_WEEKS = 4
"""C1: shortest interval between two taper steps (D6)."""

TAPER_STEP_MAX_WEEKS = 8
"""C1: longest interval between two taper steps (D6)."""

REDUCED_DOSE_FRACTION = 0.5
"""C1: the taper aims at about half of the starting dose (D6)."""

MAINTENANCE_MONTHS = 12
"""C2: months at the reduced dose before stopping is considered (D7)."""

STOP_WINDOW_OPENS_MONTHS = 12
"""H1, C3: months after remission from which stopping is considered (D8)."""

STOP_WINDOW_CLOSES_MONTHS = 24
"""H1, C3: months after remission after which continued CNI is flagged (D8)."""

CREATININE_RISE_FRACTION = 0.20
"""E2: a creatinine rise above this fraction of baseline may mean nephrotoxicity (D11)."""

COMPLETE_REMISSION_BELOW = 0.3
"""D4: complete remission is proteinuria below this level (g/day or g/g)."""

NEPHROTIC_LEVEL = 3.5
"""D4: partial remission is below this level; relapse is above it again (g/day or g/g)."""

PARTIAL_REMISSION_FALL = 0.5
"""D4: partial remission also needs a fall of at least this fraction from the peak."""

DEPENDENCE_RELAPSES = 2
"""F3, D10: relapses on withdrawal or dose reduction that define CNI dependence."""

NONRESPONSE_THRESHOLD_RANGE = (0.30, 0.50)
"""B2: the source's "substantial reduction" range of proteinuria (D2)."""

HIGH_GRADE_PROTEINURIA_RANGE = (NEPHROTIC_LEVEL, 20.0)
"""G1: allowed high-grade levels (g/day); the upper cap is our plausibility bound (D2)."""

TAPER_STEP_RANGE = (0.05, REDUCED_DOSE_FRACTION)
"""D6: allowed step sizes as a fraction of the starting dose; our bounds."""

REDUCED_DOSE_TOLERANCE_RANGE = (0.0, 0.20)
"""D6: allowed tolerance around the 50% target, in fractions of the starting dose."""

CONFIRMATION_GAP_RANGE = (7, 28)
"""D4: allowed days between the two values that confirm a remission or relapse."""


@dataclass(frozen=True)
class Parameters:
    """The adjustable readings of the guideline, validated against their ranges.

    Every field has the default chosen in the interpretation register and an
    allowed range (:data:`PARAMETER_RANGES`); a value outside it raises
    :class:`~guideline.ParameterError`.

    Attributes:
        nonresponse_threshold: Fall in proteinuria below which the CNI is judged
            likely ineffective (B2, D2). Default 0.30, range 0.30-0.50.
        high_grade_proteinuria: Baseline level (g/day) at or above which a
            downward trend defers the stop for non-response (G1, D2). Default
            8.0, the KDIGO 2021 high-risk level.
        taper_step_fraction: Size of one taper step as a fraction of the
            starting dose; local policy (C1, D6). Default 0.25.
        reduced_dose_tolerance: How far from 50% of the starting dose still
            counts as "about half", in fractions of the starting dose (C1, D6).
            Default 0.10.
        confirmation_gap_days: Minimum days between the two qualifying
            proteinuria values that confirm a remission or relapse (D4).
            Default 7.
    """

    nonresponse_threshold: float = NONRESPONSE_THRESHOLD_RANGE[0]
    high_grade_proteinuria: float = 8.0
    taper_step_fraction: float = 0.25
    reduced_dose_tolerance: float = 0.10
    confirmation_gap_days: int = CONFIRMATION_GAP_RANGE[0]

    def __post_init__(self) -> None:
        """Reject values of the wrong type or outside the allowed range."""
        for field in fields(self):
            value = getattr(self, field.name)
            number = require_number(
                ParameterError, field.name, value, allow_zero=True, plausible=False
            )
            whole = field.name == "confirmation_gap_days"  # 7 and 7.0 are one JSON number
            if whole and not number.is_integer():
                raise ParameterError(field.name, value, "must be a whole number of days")
            low, high = PARAMETER_RANGES[field.name]
            if not low <= number <= high:
                raise ParameterError(field.name, value, f"must be between {low} and {high}")
            object.__setattr__(self, field.name, int(number) if whole else number)


PARAMETER_RANGES: dict[str, tuple[float, float]] = {
    "nonresponse_threshold": NONRESPONSE_THRESHOLD_RANGE,
    "high_grade_proteinuria": HIGH_GRADE_PROTEINURIA_RANGE,
    "taper_step_fraction": TAPER_STEP_RANGE,
    "reduced_dose_tolerance": REDUCED_DOSE_TOLERANCE_RANGE,
    "confirmation_gap_days": CONFIRMATION_GAP_RANGE,
}
"""Allowed closed range of every :class:`Parameters` field."""

DEFAULTS = Parameters()
"""The default reading of every parameter."""
