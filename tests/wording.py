"""What every piece of text the package writes must look like, whatever the situation."""

from __future__ import annotations

import json
import re

ABBREVIATIONS = {"CNI", "JSON", "YYYY", "MM", "DD"}
"""The only words the package may write in capitals (the last three spell a date format)."""


def _shouts(text: str) -> bool:
    """A word in capitals that is no abbreviation, or a word opening with two capitals."""
    capitals = set(re.findall(r"\b[A-Z]{2,}\b", text)) - ABBREVIATIONS
    return bool(capitals) or bool(re.search(r"\b[A-Z]{2,}[a-z]", text))


def reads_as_label(text: object) -> bool:
    """Whether ``text`` opens with a capital or a digit and writes no word in capitals
    but an abbreviation (a title, a milestone)."""
    return (
        isinstance(text, str) and (text[:1].isupper() or text[:1].isdigit()) and not _shouts(text)
    )


def reads_as_prose(text: object) -> bool:
    """Whether ``text`` is whole sentences: each reads as a label and the last ends
    with a full stop (advice)."""
    return (
        isinstance(text, str)
        and text.endswith(".")
        and all(reads_as_label(sentence) for sentence in text.split(". "))
    )


def reads_as_phrase(text: object) -> bool:
    """Whether ``text`` opens with a small letter or an abbreviation and writes no
    word in capitals but an abbreviation (a deviation's message)."""
    if not isinstance(text, str) or _shouts(text):
        return False
    first = text.split(" ", 1)[0]
    return text[:1].islower() or first in ABBREVIATIONS


PYTHON_REPRS = re.compile(
    r"\b(None|True|False|inf|nan)\b"  # Python's words for null, true, false and the non-finite
    r"|\b[A-Za-z_][\w.]*\("  # a constructor call: datetime.date(...), Decimal('1.5')
    r"|(^|[\s\[{(,:])[bu]?'"  # a string in single quotes: 'tacrolimus', b'\xff'
    r"|<[^>]* at 0x"  # <object object at 0x...>
)
"""What a Python repr of a value looks like, and a JSON text never does."""

JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*("|$)')
"""A JSON string, or one cut short at the end of the text."""

FRACTION = re.compile(r"-?[0-9]+/[0-9]+")
"""A fraction as Python writes it (``1/3``): a number as given, though not JSON."""

KIND = re.compile(r"(^|[\[{ ])(an?|the) [A-Za-z]")
"""A value JSON cannot hold, named by its kind: ``an object``, ``the bytes ff``."""


def shows_value_as_json(message: str) -> bool:
    """Whether an error message ``field: reason (got value)`` writes the value as JSON
    would: JSON text (``null``, ``"2025-01-15"``, ``[1, 2]``, numbers as written), JSON
    text cut short with an ellipsis, or a value JSON cannot hold named by its kind
    (``an object``, ``the bytes ff``), never a Python repr."""
    _, found, rest = message.partition(" (got ")
    if not found or not rest.endswith(")"):
        return False
    shown = rest[:-1]
    unquoted = JSON_STRINGS.sub('""', shown)
    if PYTHON_REPRS.search(unquoted):
        return False
    if KIND.search(unquoted) or "…" in shown:
        return True
    try:
        json.loads(FRACTION.sub("0", shown))
    except ValueError:
        return False
    return True
