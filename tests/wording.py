"""What every piece of text the package writes must look like, whatever the situation."""

from __future__ import annotations

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
