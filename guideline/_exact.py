"""Exact comparison of clinical numbers as written, so no threshold is missed by rounding."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache


@lru_cache(maxsize=4096)
def exact(number: float) -> Fraction:
    """The decimal value a number was written as.

    Binary floats cannot hold most decimals: 0.82 * 1.2 is not 0.984 in
    floating point. Comparing the written decimals instead keeps a value that
    lies exactly on a threshold on the side the guideline puts it.

    Examples:
        >>> exact(0.82) * exact(1.2) == exact(0.984)
        True
    """
    return Fraction(repr(number))
