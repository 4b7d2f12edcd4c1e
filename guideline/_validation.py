"""Checks shared by every validated value: each failure names its field."""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from ._errors import GuidelineError

E = TypeVar("E", bound=Enum)


def require_date(error: type[GuidelineError], field: str, value: object) -> date:
    """Return ``value`` if it is a calendar date (a datetime is refused: no times, D1)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise error(field, value, "must be a calendar date (datetime.date, no time)")
    return value


def require_number(
    error: type[GuidelineError], field: str, value: object, *, allow_zero: bool = False
) -> float:
    """Return ``value`` as a float (never -0.0) if it is a finite, positive (or zero) number."""
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
    return number


def require_member(error: type[GuidelineError], field: str, kind: type[E], value: object) -> E:
    """Return the member of ``kind`` that ``value`` is or names exactly; never guess."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(member.value) for member in kind)
        raise error(field, value, f"must be one of {allowed}") from None
