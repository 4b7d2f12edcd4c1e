"""Checks shared by every validated value: each failure names its field."""

from __future__ import annotations

import math
import typing
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

from ._errors import GuidelineError

E = TypeVar("E", bound=Enum)

EARLIEST_DATE = date(1900, 1, 1)
"""Earliest date accepted anywhere: a plausibility bound, not a clinical one."""

LATEST_DATE = date(2199, 12, 31)
"""Latest date accepted anywhere, so every interval the rules add stays in the calendar."""

SMALLEST_NUMBER = 1e-6
"""Smallest non-zero number accepted (any unit): a plausibility bound, not a clinical one."""

LARGEST_NUMBER = 1e6
"""Largest number accepted (any unit): a plausibility bound, not a clinical one."""


def require_date(error: type[GuidelineError], field: str, value: object) -> date:
    """Return ``value`` if it is a calendar date (a datetime is refused: no times, D1)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise error(field, value, "must be a calendar date (datetime.date, no time)")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise error(field, value, f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def require_number(
    error: type[GuidelineError],
    field: str,
    value: object,
    *,
    allow_zero: bool = False,
    plausible: bool = True,
) -> float:
    """Return ``value`` as a float (never -0.0) if it is a finite, positive (or zero) number.

    With ``plausible`` (the default, for measurements and doses), a non-zero
    number must also lie between :data:`SMALLEST_NUMBER` and :data:`LARGEST_NUMBER`.
    """
    if type(value) is float and SMALLEST_NUMBER <= value <= LARGEST_NUMBER:
        return value  # the usual case, which passes every check below
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise error(field, value, "must be a number")
    try:
        number = float(value) + 0.0
    except OverflowError:
        raise error(field, value, "must be a finite number") from None
    if not math.isfinite(number):
        raise error(field, value, "must be a finite number")
    if number < 0 or (number == 0 and not allow_zero):
        raise error(field, value, "must be zero or more" if allow_zero else "must be above zero")
    if plausible and number != 0 and not SMALLEST_NUMBER <= number <= LARGEST_NUMBER:
        raise error(field, value, f"must be between {SMALLEST_NUMBER:g} and {LARGEST_NUMBER:g}")
    return number


@lru_cache(maxsize=64)
def _members(kind: type[Enum]) -> Mapping[object, Enum]:
    """The members of an enum by value: the look-up ``kind(value)`` makes, without its overhead."""
    return MappingProxyType({member.value: member for member in kind})


def require_member(error: type[GuidelineError], field: str, kind: type[E], value: object) -> E:
    """Return the member of ``kind`` that ``value`` is or names exactly; never guess."""
    if isinstance(value, kind):
        return value
    try:
        return typing.cast(E, _members(kind)[value])
    except (KeyError, TypeError):
        allowed = ", ".join(repr(member.value) for member in kind)
        raise error(field, value, f"must be one of {allowed}") from None
