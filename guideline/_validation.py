"""Checks shared by every validated value: each failure names its field."""

from __future__ import annotations

import math
import numbers
import re
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from types import MappingProxyType
from typing import TypeVar

from ._errors import GuidelineError, kind_of

E = TypeVar("E", bound=Enum)

EARLIEST_DATE = date(1900, 1, 1)
"""Earliest date accepted anywhere: a plausibility bound, not a clinical one."""

LATEST_DATE = date(2199, 12, 31)
"""Latest date accepted anywhere, so every interval the rules add stays in the calendar."""

SMALLEST_NUMBER = 1e-6
"""Smallest non-zero number accepted (any unit): a plausibility bound, not a clinical one."""

LARGEST_NUMBER = 1e6
"""Largest number accepted (any unit): a plausibility bound, not a clinical one."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # [0-9], unlike \d, is ASCII only


def require_date(error: type[GuidelineError], field: str, value: object) -> date:
    """Return ``value`` if it is a calendar date (a datetime is refused: no times, D1)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise error(field, value, "must be a calendar date (datetime.date, no time)")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise error(field, value, f"must be between {EARLIEST_DATE} and {LATEST_DATE}")
    return value


def parse_date(error: type[GuidelineError], field: str, text: object) -> date:
    """Read a date written ``YYYY-MM-DD`` in ASCII digits: the one date parser of the package.

    The JSON loader, the command line's ``--on`` and the "Try it" page all read
    dates here, so a date is accepted or refused, with the same words, wherever
    it is written. Digits of other scripts (full-width, Arabic-Indic) are refused
    rather than read as if they were ASCII.

    Raises:
        GuidelineError: Of type ``error``, naming ``field``.
    """
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise error(field, text, "must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise error(field, text, "is not a calendar date") from None


def require_number(
    error: type[GuidelineError],
    field: str,
    value: object,
    *,
    allow_zero: bool = False,
    plausible: bool = True,
) -> float:
    """Return ``value`` as a float (never -0.0) if it is a finite, positive (or zero) number.

    Every real number is accepted alike and read as the float nearest to it:
    ``int``, ``float``, ``Decimal``, ``Fraction`` and any other ``numbers.Real``
    (numpy's scalars among them); ``bool`` is not a number here. With
    ``plausible`` (the default, for measurements and doses), a non-zero number
    must also lie between :data:`SMALLEST_NUMBER` and :data:`LARGEST_NUMBER`.
    """
    if type(value) is float and SMALLEST_NUMBER <= value <= LARGEST_NUMBER:
        return value  # the usual case, which passes every check below
    number = _nearest_float(error, field, value)
    if number < 0 or (number == 0 and not allow_zero):
        raise error(field, value, "must be zero or more" if allow_zero else "must be above zero")
    plausible_range = f"must be between {SMALLEST_NUMBER:g} and {LARGEST_NUMBER:g}"
    if number == math.inf:
        raise error(field, value, plausible_range if plausible else "is too large")
    if plausible and number != 0 and not SMALLEST_NUMBER <= number <= LARGEST_NUMBER:
        raise error(field, value, plausible_range)
    return number


def _nearest_float(error: type[GuidelineError], field: str, value: object) -> float:
    """The float nearest to a real number, 0.0 for -0.0.

    It is infinite only for a finite value too large for any float, with that
    value's sign; a value that is itself infinite or not a number is refused.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise error(field, value, "must be a number")
    if isinstance(value, Decimal) and value.is_nan():  # a signalling NaN cannot be converted
        raise error(field, value, "must be a finite number")
    try:
        try:
            number = float(value) + 0.0
        except OverflowError:  # an int or a fraction beyond the largest float
            number = math.inf if typing.cast(float, value) > 0 else -math.inf
        infinite = math.isnan(number) or (math.isinf(number) and abs(value) == math.inf)
    except Exception:  # the number's own conversion or comparison failed
        raise error(field, value, "must be a number that converts to a float") from None
    if infinite:
        raise error(field, value, "must be a finite number")
    return number


def require_arguments(course: object, parameters: object) -> None:
    """Raise TypeError unless ``course`` is a Course and ``parameters`` a Parameters.

    A wrong type is a mistake in the calling program, not bad clinical input:
    it gets Python's error for that, naming the parameter and the type
    expected, before any rule reads an attribute the object does not have.
    """
    course_type, parameters_type = _argument_types()
    for name, value, expected in (
        ("course", course, course_type),
        ("parameters", parameters, parameters_type),
    ):
        if not isinstance(value, expected):
            given = "None" if value is None else kind_of(value)
            raise TypeError(f"{name} must be a guideline.{expected.__name__}, not {given}")


@cache
def _argument_types() -> tuple[type, type]:
    """The classes of the decision functions' arguments (imported late: they import this)."""
    from ._course import Course
    from ._parameters import Parameters

    return Course, Parameters


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
        allowed = ", ".join(f'"{member.value}"' for member in kind)
        raise error(field, value, f"must be one of {allowed}") from None
