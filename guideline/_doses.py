"""Doses that can be given: every advised dose is a whole number of the agent's dose step (D20)."""

from __future__ import annotations

import math
from fractions import Fraction

from ._exact import exact
from ._traceability import implements


def rounded(dose: Fraction, step: float) -> Fraction:
    """``dose`` rounded to the nearest multiple of ``step``; a tie goes down, never to zero (D20).

    Examples:
        >>> from fractions import Fraction
        >>> float(rounded(Fraction("2.25"), 0.5)), float(rounded(Fraction("0.2"), 0.5))
        (2.0, 0.5)
    """
    unit = exact(step)
    steps = dose / unit
    whole = math.floor(steps)
    if steps - whole > Fraction(1, 2):
        whole += 1
    return max(whole, 1) * unit


def cut(dose: float, fraction: float, step: float) -> float | None:
    """The dose after cutting ``fraction`` of ``dose``, rounded; None when no cut is possible.

    A cut that rounds back to ``dose`` (or above it) takes the largest whole
    number of steps below ``dose``; below the smallest step no dose can be
    given (D17, P7, D20).
    """
    current = exact(dose)
    lower = rounded(current * (1 - exact(fraction)), step)
    if lower >= current:
        lower = below(current, step)
    return float(lower) if lower > 0 else None


def below(dose: Fraction, step: float) -> Fraction:
    """The largest whole number of dose steps below ``dose`` (zero when none is)."""
    unit = exact(step)
    return math.ceil(dose / unit - 1) * unit


implements("D20")(rounded)
implements("D17", "D20")(cut)
implements("D20")(below)
