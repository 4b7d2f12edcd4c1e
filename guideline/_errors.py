"""Typed errors raised for invalid input, and how they show the offending value."""

from __future__ import annotations

import dataclasses
import json
import numbers
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

_LONGEST = 240
"""Characters of a shown value past which it is cut short with an ellipsis."""

_STRING = 200
"""Characters of a string shown before an ellipsis (long enough for a file name)."""

_ITEMS = 4
"""Entries of an array or object shown before an ellipsis."""

_DEPTH = 3
"""Arrays and objects shown within each other before an ellipsis stands for the rest."""

_DIGITS = 60
"""Digits of an integer written out; a longer one is named by its number of digits."""


class GuidelineError(ValueError):
    """Base class of every error this package raises for bad input.

    Its message reads ``field: reason (got value)``, the value written as it
    would appear in a JSON document (see :func:`shown`).

    Attributes:
        field: Where the bad value sits: a field name such as ``value`` or
            ``on`` for a check made by one entry, or a path such as
            ``proteinuria[3].on`` for a check made across a course (entries
            are named by their position as given).
        value: The offending value, as given.
        reason: What is wrong with it, in plain words.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (got {shown(value)})")


class CourseError(GuidelineError):
    """A patient course, or the date it is evaluated on, is invalid."""


class ParameterError(GuidelineError):
    """A guideline parameter is of the wrong type or outside its allowed range."""


def fault(error: BaseException) -> str:
    """What a fault of the program was, in one line: its type, and its message if it has one.

    Examples:
        >>> fault(RuntimeError("the rules broke")), fault(StopIteration())
        ('RuntimeError: the rules broke', 'StopIteration')
    """
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def shown(value: object) -> str:
    """A value as a JSON document would hold it, for an error message.

    Readers of a message know the value from their JSON input, not from
    Python: a date is its ISO string in quotes, ``None`` is ``null``, a number
    is written as given (``1.50`` for ``Decimal("1.50")``), a string is in
    double quotes. A value JSON cannot hold is named by its kind (``an
    object``, ``the bytes ff fe``). Long values are cut short with ``…``, so a
    message stays one readable line whatever was passed.

    Examples:
        >>> from datetime import date
        >>> shown(date(1900, 1, 3)), shown(None), shown([1.5, "g/day"])
        ('"1900-01-03"', 'null', '[1.5, "g/day"]')
    """
    try:
        text = _write(value, _DEPTH)
    except Exception:  # a value whose own methods fail is named by its kind
        text = kind_of(value)
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


def _write(value: object, depth: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return _write(value.value, depth)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, date):
        return _string(value.isoformat())
    if isinstance(value, int):
        return _integer(value)
    if isinstance(value, float):
        return json.dumps(float.__float__(value))
    if isinstance(value, numbers.Real | Decimal):  # Decimal, Fraction, numpy's scalars
        return str(value)
    if isinstance(value, bytes | bytearray):
        return "the bytes " + value[:8].hex(" ") + (" …" if len(value) > 8 else "")
    if isinstance(value, type):
        return kind_of(value)
    if dataclasses.is_dataclass(value):
        fields = [f for f in dataclasses.fields(value) if f.compare]
        return _object([(f.name, getattr(value, f.name)) for f in fields], depth)
    if isinstance(value, Mapping):
        return _object(list(value.items()), depth)
    if isinstance(value, list | tuple):
        return _array(value, depth)
    return kind_of(value)


def _string(text: str) -> str:
    if len(text) <= _STRING:
        return json.dumps(text, ensure_ascii=False)
    return json.dumps(text[:_STRING], ensure_ascii=False)[:-1] + '…"'


def _integer(number: int) -> str:
    kind = "a negative integer" if number < 0 else "an integer"
    if int.bit_length(number) > 14_000:  # past what int() turns into text by default
        return f"{kind} of more than 4,000 digits"
    digits = int.__repr__(number).lstrip("-")
    return int.__repr__(number) if len(digits) <= _DIGITS else f"{kind} of {len(digits)} digits"


def _array(items: list[object] | tuple[object, ...], depth: int) -> str:
    if depth == 0:
        return "[…]"
    shown_items = [_write(item, depth - 1) for item in items[:_ITEMS]]
    return "[" + ", ".join(shown_items + ["…"] * (len(items) > _ITEMS)) + "]"


def _object(pairs: list[tuple[object, object]], depth: int) -> str:
    if depth == 0:
        return "{…}"
    shown_pairs = [
        f"{_string(key) if isinstance(key, str) else _write(key, 0)}: {_write(item, depth - 1)}"
        for key, item in pairs[:_ITEMS]
    ]
    return "{" + ", ".join(shown_pairs + ["…"] * (len(pairs) > _ITEMS)) + "}"


def kind_of(value: object) -> str:
    """What kind of thing a value is, in words: ``a dict``, ``an object``, ``the class dict``."""
    if isinstance(value, type):
        return f"the class {value.__qualname__}"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
