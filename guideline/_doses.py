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
    if not lower_than(lower, current, step):
        lower = below(current, step)
    return float(lower) if lower > 0 else None


def lower_than(dose: Fraction, current: Fraction, step: float) -> bool:
    """Whether ``dose`` is below ``current`` by more than the rounding of decimals."""
    return dose < current - _ROUNDING * exact(step)


def on_step(dose: float, step: float) -> bool:
    """Whether ``dose`` is a whole number of ``step`` (within the rounding of decimals)."""
    steps = exact(dose) / exact(step)
    return abs(steps - round(steps)) <= _ROUNDING


def below(dose: Fraction, step: float) -> Fraction:
    """The largest whole number of dose steps below ``dose`` (zero when none is).

    A dose within rounding of a whole number of steps (a dose the package
    advised, written as a decimal) counts as that number.
    """
    unit = exact(step)
    steps = dose / unit
    nearest = round(steps)
    whole = nearest - 1 if abs(steps - nearest) <= _ROUNDING else math.floor(steps)
    return max(whole, 0) * unit


_ROUNDING = Fraction(1, 10**9)
"""How far from a whole number of steps a dose written in decimals may lie and still count as
one: the rounding of decimals, not a clinical margin."""


implements("D20")(rounded)
implements("D17", "D20")(cut)
implements("D20")(below)
implements("D20")(on_step)
