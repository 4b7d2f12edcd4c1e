"""Drawing primitives for inline SVG: escaping, numbers, elements and axis ticks.

Pictures are built as strings so that the same input always gives the same
bytes: attributes keep the order they are given in, numbers are written with
one decimal, and nothing depends on the locale, the clock or a font to fetch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Attribute = tuple[str, str | float]
"""One attribute: its name and its value (text, or a number written with one decimal)."""

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _allowed_in_xml(char: str) -> bool:
    """Whether XML 1.0 allows ``char`` in text (tab, newlines, and most of Unicode)."""
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def escape(text: str) -> str:
    """Escape text for XML content or a double-quoted attribute.

    Characters XML 1.0 does not allow at all (control characters, lone
    surrogates) become U+FFFD, so any given text still yields well-formed XML.
    """
    return "".join(
        _ENTITIES.get(char, char) if _allowed_in_xml(char) else "\ufffd" for char in text
    )


def number(value: float) -> str:
    """A coordinate with at most one decimal, never ``-0``."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def attributes(attrs: Iterable[Attribute]) -> str:
    """Attributes as written in a start tag, each with a leading space."""
    return "".join(
        f' {name}="{number(value) if isinstance(value, float | int) else escape(value)}"'
        for name, value in attrs
    )


def element(tag: str, *attrs: Attribute, children: Iterable[str] = ()) -> str:
    """One element; ``children`` are already-written elements or escaped text."""
    inner = "".join(children)
    if not inner:
        return f"<{tag}{attributes(attrs)}/>"
    return f"<{tag}{attributes(attrs)}>{inner}</{tag}>"


def text(content: str, *attrs: Attribute) -> str:
    """A ``<text>`` element holding ``content``, escaped."""
    return element("text", *attrs, children=[escape(content)])


def tooltip(content: str) -> str:
    """A ``<title>`` child: the name a screen reader or a hovering pointer shows."""
    return element("title", children=[escape(content)])


def nice_ticks(high: float, count: int = 5) -> tuple[float, ...]:
    """Round tick values from zero to at least ``high``: steps of 1, 2 or 5 times a power of ten.

    Args:
        high: The largest value the axis must show; above zero.
        count: About how many intervals to aim for.

    Returns:
        The ticks, starting at zero; the last is at or above ``high``.
    """
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    intervals = math.ceil(high / step - 1e-9)
    return tuple(float(f"{index * step:.6g}") for index in range(intervals + 1))


def estimated_width(content: str, font_size: float) -> float:
    """A generous estimate of the width of ``content`` in a sans-serif font, in pixels."""
    return len(content) * font_size * 0.6
