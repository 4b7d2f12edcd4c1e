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

TRIAL_BOUND_MONTHS = 12
"""D13: months from the start of a trial (t0, a restart or a relapse) by which remission must
come, or the CNI is stopped as ineffective (Couser 2017; the MENTOR protocol)."""

CREATININE_CUT_ABOVE = 0.30
"""D17: a confirmed creatinine rise above this fraction of baseline cuts the dose (MENTOR)."""

CREATININE_CUT_INTERVAL_WEEKS = 4
"""D17, P7: no new cut within this many weeks of one; the rise after a cut is judged from then."""

FRESH_MONTHS = 3
"""D18, P9: a value is out of date when older than this many months; an anti-PLA2R titre
older than this raises no alert when stopping is considered (P12)."""

TROUGH_DUE_WEEKS = 4
"""D18, P9: from this many weeks after the start of a period a trough is expected."""

CREATININE_MOLAR_MASS = 113.12
"""D16: g/mol; a ratio in mg/mmol is divided by it to give g/g (1 mg/mmol = 0.00884 g/g)."""

TARGET_SPANS: dict[str, tuple[float, float]] = {
    "tacrolimus": (2.0, 10.0),
    "cyclosporine": (120.0, 200.0),
}
"""D21, P12: the span of the trough targets of the cited protocols, ng/mL, by agent:
tacrolimus 5-10 then 2-5 (PubMed 20220333) and 3-5 (Couser 2017); cyclosporine 120-200
(Couser 2017) and 125-175 (MENTOR)."""

TRIAL_REVIEW_MONTHS = 1
"""D18, P9: longest interval between reviews in a trial, and in a withdrawal."""

STEADY_REVIEW_MONTHS = 3
"""D18, P9: longest interval between reviews in remission at a steady dose, on the CNI."""

OFF_THERAPY_REVIEW_MONTHS = (3, 6)
"""P9: longest interval between reviews off the CNI, in the first 12 months after the stop
and then (see :data:`OFF_THERAPY_CLOSE_MONTHS`)."""

OFF_THERAPY_CLOSE_MONTHS = 12
"""P9: months after a stop during which reviews are closest."""

PROMPT_REVIEW_WEEKS = 2
"""D14, D18, P12: review within this many weeks of a value to repeat or a target to confirm."""

SOON_REVIEW_WEEKS = 4
"""D14, P13: review within this many weeks of a confirmed rise, a creatinine alert, an adverse
effect or a decision to consider rituximab, and of an anti-PLA2R titre at or above its cut-off
when stopping is considered or after a negative one (D22, P12)."""

ANTIBODY_BASELINE_MONTHS = 3
"""D22, P12: the baseline anti-PLA2R titre is the latest dated within this many months before
the start (on or before it); a negative one means the titres are not used."""

ANTIBODY_CHECK_MONTHS = (3, 6)
"""D22(d): months of therapy at which the checklist asks for an anti-PLA2R titre, besides the
baseline and before stopping (our reading of KDIGO 2021 [secondary])."""

G_PER_L_IN_G_PER_DL = 10
"""D23: grams per litre in one gram per decilitre; serum albumin in g/dL is multiplied by it."""

LOW_ALBUMIN_G_PER_DL = 3.5
"""D23: serum albumin at or below this level (g/dL) at a partial remission marks a higher risk
of relapse (Kidney Int Rep 2020 [read])."""

LOW_ALBUMIN_G_PER_L = LOW_ALBUMIN_G_PER_DL * G_PER_L_IN_G_PER_DL
"""D23: the same level in g/L (35 g/L), the unit the rules compare in."""

ALBUMIN_WINDOW_WEEKS = 4
"""P12: the albumin that counts for a remission is the latest dated within this many weeks
either side of the date the remission was confirmed."""

ALBUMIN_CEILING_G_PER_L = 100.0
"""A14: no serum albumin reaches this level (g/L): a higher value is refused as a unit written
wrongly (35 g/dL for 35 g/L). A bound of plausibility, not a clinical threshold."""

RISE_FRACTION_RANGE = (0.25, 1.0)
"""D14: allowed rise over the lowest value since remission that holds the taper; our bounds."""

CREATININE_CUT_FRACTION_RANGE = (0.10, 0.50)
"""D17: allowed cut of the current dose after a confirmed creatinine rise; our bounds."""

WITHDRAWAL_MONTHS_RANGE = (1, 6)
"""D19: allowed length of the final withdrawal in months; our bounds."""

TACROLIMUS_DOSE_STEP_RANGE = (0.1, 5.0)
"""D20: allowed smallest dose step of tacrolimus, mg; our bounds."""

CYCLOSPORINE_DOSE_STEP_RANGE = (1.0, 100.0)
"""D20: allowed smallest dose step of cyclosporine, mg; our bounds."""

TREND_WEEKS_RANGE = (4, 26)
"""P3: allowed span, in weeks, of the three falling values that make a high-grade trend."""

TREND_FALL_RANGE = (0.05, 0.30)
"""P3: allowed fall below the baseline of the latest value of a high-grade trend."""

DEPENDENCE_WINDOW_RANGE = (0, 24)
"""P8: allowed months after a stop within which a relapse counts as on withdrawal."""


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
        confirmation_gap_days: Minimum days between the two values that
            confirm a remission, a relapse, a non-response, a rise or a creatinine
            rise (D4, P2). Default 7.
        rise_fraction: Rise over the lowest proteinuria since remission that,
            confirmed, holds any further reduction (D14). Default 0.50
            (Alexopoulos 2006 counted a rise of 50% as relapse).
        creatinine_cut_fraction: Cut of the current dose after a confirmed
            creatinine rise (D17). Default 0.25 (the MENTOR protocol).
        withdrawal_months: Months of the final withdrawal, in monthly steps of
            equal size (D19). Default 3 (STARMEN, MENTOR).
        tacrolimus_dose_step_mg: Every advised tacrolimus dose is a multiple of
            it (D20). Default 0.5 mg, a capsule strength.
        cyclosporine_dose_step_mg: Every advised cyclosporine dose is a multiple
            of it (D20). Default 25 mg, a capsule strength.
        trend_weeks: The three falling values of a high-grade trend span at least
            this many weeks (P3). Default 8.
        trend_fall: The latest value of a high-grade trend is at least this far
            below the baseline (P3). Default 0.10.
        dependence_window_months: A relapse within this many months after a stop
            counts as a relapse on withdrawal (P8). Default 6.
    """

    nonresponse_threshold: float = NONRESPONSE_THRESHOLD_RANGE[0]
    high_grade_proteinuria: float = 8.0
    taper_step_fraction: float = 0.25
    reduced_dose_tolerance: float = 0.10
    confirmation_gap_days: int = CONFIRMATION_GAP_RANGE[0]
    rise_fraction: float = 0.50
    creatinine_cut_fraction: float = 0.25
    withdrawal_months: int = 3
    tacrolimus_dose_step_mg: float = 0.5
    cyclosporine_dose_step_mg: float = 25.0
    trend_weeks: int = 8
    trend_fall: float = 0.10
    dependence_window_months: int = 6

    def __post_init__(self) -> None:
        """Reject values of the wrong type or outside the allowed range."""
        for field in fields(self):
            value = getattr(self, field.name)
            number = require_number(
                ParameterError, field.name, value, allow_zero=True, plausible=False
            )
            whole = field.type == "int"  # 7 and 7.0 are one JSON number
            if whole and not number.is_integer():
                unit = field.name.rpartition("_")[2]
                raise ParameterError(field.name, value, f"must be a whole number of {unit}")
            low, high = PARAMETER_RANGES[field.name]
            if not low <= number <= high:
                raise ParameterError(field.name, value, f"must be between {low} and {high}")
            object.__setattr__(self, field.name, int(number) if whole else number)

    def dose_step(self, agent: str) -> float:
        """The smallest dose step of ``agent`` (a :class:`~guideline.Agent` value), mg (D20)."""
        return (
            self.tacrolimus_dose_step_mg
            if agent == "tacrolimus"
            else self.cyclosporine_dose_step_mg
        )


PARAMETER_RANGES: dict[str, tuple[float, float]] = {
    "nonresponse_threshold": NONRESPONSE_THRESHOLD_RANGE,
    "high_grade_proteinuria": HIGH_GRADE_PROTEINURIA_RANGE,
    "taper_step_fraction": TAPER_STEP_RANGE,
    "reduced_dose_tolerance": REDUCED_DOSE_TOLERANCE_RANGE,
    "confirmation_gap_days": CONFIRMATION_GAP_RANGE,
    "rise_fraction": RISE_FRACTION_RANGE,
    "creatinine_cut_fraction": CREATININE_CUT_FRACTION_RANGE,
    "withdrawal_months": WITHDRAWAL_MONTHS_RANGE,
    "tacrolimus_dose_step_mg": TACROLIMUS_DOSE_STEP_RANGE,
    "cyclosporine_dose_step_mg": CYCLOSPORINE_DOSE_STEP_RANGE,
    "trend_weeks": TREND_WEEKS_RANGE,
    "trend_fall": TREND_FALL_RANGE,
    "dependence_window_months": DEPENDENCE_WINDOW_RANGE,
}
"""Allowed closed range of every :class:`Parameters` field."""

DEFAULTS = Parameters()
"""The default reading of every parameter."""
