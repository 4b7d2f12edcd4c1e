"""What every piece of advice text must look like, whatever the situation."""

from __future__ import annotations

import re

ABBREVIATIONS = {"CNI"}
"""The only words the advice may write in capitals."""


def reads_as_prose(text: object) -> bool:
    """Whether ``text`` is whole sentences: each opens with a capital or a digit, the
    last ends with a full stop, and no word is written in capitals but an abbreviation."""
    if not isinstance(text, str) or not text.endswith("."):
        return False
    sentences = text.split(". ")
    opened = all(sentence[:1].isupper() or sentence[:1].isdigit() for sentence in sentences)
    shouted = set(re.findall(r"\b[A-Z]{2,}\b", text)) - ABBREVIATIONS
    return opened and not shouted
