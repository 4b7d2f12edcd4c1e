"""The decision flowchart: the decision table drawn as an accessible, self-contained SVG.

:func:`flowchart_svg` draws how :func:`~guideline.recommend` chooses its advice,
from the same rows it follows (:data:`~guideline.DECISION_RULES`): on the CNI,
the rows read first in every phase, in their order of precedence; then each
phase's own rows, the phases in the order a course goes through them; off the
CNI, the rows of that phase. Every row is drawn, by its number in the decision
table (rows that follow one another with the same advice share a line), and
carries its conditions as a tooltip. Nothing here decides anything.

The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` that says the same in
words (:func:`flowchart_description`), no script, link, image or font to fetch,
and text of at least 12 user units, dark on white.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from ._decision_rules import DECISION_RULES
from ._decision_table import DecisionRule
from ._parameters import (
    MAINTENANCE_MONTHS,
    MINIMUM_TRIAL_MONTHS,
    PARTIAL_REMISSION_TAPER_MONTHS,
    STOP_WINDOW_CLOSES_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
)
from ._svg import element, escape, estimated_width, number, text, tooltip
from ._vocabulary import ACTION_TITLES, Phase

__all__ = ["flowchart_description", "flowchart_svg"]

_WIDTH = 720
_COLUMN = 340
_GAP = _WIDTH - 2 * _COLUMN
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_SIZE = 12
_HEAD = 13
_LINE = 16
_PAD = 8
_NUMBERS = 44
_ARROW = 30

_INK = "#1f1f1f"
_MUTED = "#4d4d4d"
_BOX = "#f4f6fb"
_EDGE = "#3f51b5"
_FIRST = "#fff4e5"
_FIRST_EDGE = "#8c4a00"

PHASE_NAMES = {
    Phase.INITIAL_TRIAL: "Initial trial",
    Phase.AWAITING_TAPER: "In remission, awaiting the taper",
    Phase.TAPER: "Taper",
    Phase.MAINTENANCE: "Maintenance at the reduced dose",
    Phase.STOP_WINDOW: "Stop window",
    Phase.PAST_STOP_WINDOW: "Past the stop window",
    Phase.WITHDRAWAL: "Withdrawal",
    Phase.RELAPSE: "Relapse on the CNI",
    Phase.OFF_THERAPY: "Off the CNI",
}
"""Each phase in a clinician's words."""

MAIN_PATH: tuple[tuple[Phase, str], ...] = (
    (Phase.INITIAL_TRIAL, "a remission confirmed"),
    (
        Phase.AWAITING_TAPER,
        f"from month {MINIMUM_TRIAL_MONTHS} (complete) or {PARTIAL_REMISSION_TAPER_MONTHS} "
        "(partial)",
    ),
    (Phase.TAPER, "about half the starting dose reached"),
    (
        Phase.MAINTENANCE,
        f"{MAINTENANCE_MONTHS} months at it and {STOP_WINDOW_OPENS_MONTHS} after remission",
    ),
    (Phase.STOP_WINDOW, f"{STOP_WINDOW_CLOSES_MONTHS} months after remission"),
    (Phase.PAST_STOP_WINDOW, ""),
)
"""The phases a course goes through in order, each with what leads on to the next."""

SIDE_PHASES: tuple[tuple[Phase, str], ...] = (
    (Phase.WITHDRAWAL, "from a recorded withdrawal"),
    (Phase.RELAPSE, "from a relapse confirmed on the CNI"),
)
"""Phases entered from any phase on the CNI, and what leads there."""


@dataclass(frozen=True)
class _Line:
    """Rows that follow one another with the same advice: one line of the chart."""

    rows: tuple[DecisionRule, ...]
    first: int

    @property
    def numbers(self) -> str:
        last = self.first + len(self.rows) - 1
        return str(self.first) if last == self.first else f"{self.first}\u2013{last}"

    @property
    def advice(self) -> str:
        return ACTION_TITLES[self.rows[0].action]

    @property
    def conditions(self) -> str:
        return " Or: ".join(rule.when for rule in self.rows)


def _lines(rows: list[DecisionRule]) -> list[_Line]:
    """The rows as lines: neighbours with the same advice share one."""
    numbers = {rule_id: index for index, rule_id in enumerate(DECISION_RULES, start=1)}
    lines = []
    for _, same in groupby(rows, key=lambda rule: rule.action):
        group = tuple(same)
        lines.append(_Line(group, numbers[group[0].id]))
    return lines


def _rows(phase: Phase | None) -> list[DecisionRule]:
    return [rule for rule in DECISION_RULES.values() if rule.phase is phase]


def _wrap(words: str, width: float, size: float) -> list[str]:
    per_line = max(8, int(width / estimated_width("x", size)))
    return textwrap.wrap(words, per_line)


@dataclass
class _Canvas:
    shapes: list[str]

    def box(
        self, x: float, y: float, title: str, lines: list[_Line], *, first: bool = False
    ) -> float:
        """A titled box of numbered lines; returns its bottom."""
        inner = _COLUMN - 2 * _PAD - _NUMBERS
        heading = _wrap(title, _COLUMN - 2 * _PAD, _HEAD)
        body: list[str] = []
        top = y + _PAD + _HEAD
        for index, words in enumerate(heading):
            body.append(
                text(
                    words,
                    ("x", x + _PAD),
                    ("y", top + index * _LINE),
                    ("font-size", _HEAD),
                    ("font-weight", "bold"),
                )
            )
        cursor = top + len(heading) * _LINE + 4
        for line in lines:
            wrapped = _wrap(line.advice, inner, _SIZE)
            ids = " ".join(rule.id for rule in line.rows)
            parts = [
                tooltip(f"Row {line.numbers}: {line.conditions}"),
                text(
                    line.numbers,
                    ("x", x + _PAD + _NUMBERS - 8),
                    ("y", cursor),
                    ("text-anchor", "end"),
                    ("fill", _MUTED),
                ),
                *(
                    text(words, ("x", x + _PAD + _NUMBERS), ("y", cursor + index * _LINE))
                    for index, words in enumerate(wrapped)
                ),
            ]
            body.append(element("g", ("class", "row"), ("data-rows", ids), children=parts))
            cursor += len(wrapped) * _LINE
        bottom = cursor - _LINE + _PAD + 4
        self.shapes.append(
            element(
                "rect",
                ("x", x),
                ("y", y),
                ("width", _COLUMN),
                ("height", bottom - y),
                ("rx", 6),
                ("fill", _FIRST if first else _BOX),
                ("stroke", _FIRST_EDGE if first else _EDGE),
            )
        )
        self.shapes.extend(body)
        return bottom

    def arrow(self, x: float, y: float, label: str) -> float:
        """A downward arrow with a label beside it; returns its end."""
        end = y + _ARROW
        self.shapes.append(
            element(
                "path",
                ("d", f"M{number(x)} {number(y)}V{number(end - 6)}"),
                ("stroke", _INK),
                ("fill", "none"),
            )
        )
        self.shapes.append(
            element(
                "path",
                (
                    "d",
                    f"M{number(x - 4)} {number(end - 7)}L{number(x)} {number(end)}"
                    f"L{number(x + 4)} {number(end - 7)}Z",
                ),
                ("fill", _INK),
            )
        )
        self.shapes.append(text(label, ("x", x + 8), ("y", y + _ARROW / 2 + 4), ("fill", _MUTED)))
        return end

    def note(self, x: float, y: float, words: str) -> float:
        """A line of text; returns the top of what comes under it."""
        self.shapes.append(text(words, ("x", x), ("y", y + _SIZE), ("font-weight", "bold")))
        return y + _LINE + 4


def _draw() -> tuple[list[str], float]:
    canvas = _Canvas([])
    left, right = 0.0, float(_COLUMN + _GAP)
    y = canvas.note(left, 0, "A course, evaluated on a date:")
    y = canvas.note(left, y, "on the CNI, these rows are read first.")
    y = canvas.box(
        left,
        y,
        "Read first, in this order: the first that holds decides",
        _lines(_rows(None)),
        first=True,
    )
    y = canvas.arrow(left + _ARROW, y, "if none holds, the phase decides")
    y = canvas.note(left, y + 4, "Off the CNI:")
    y = canvas.box(left, y, PHASE_NAMES[Phase.OFF_THERAPY], _lines(_rows(Phase.OFF_THERAPY)))
    withdrawal, relapse = SIDE_PHASES
    y = canvas.note(left, y + 12, f"On the CNI, {withdrawal[1]}:")
    left_bottom = canvas.box(left, y, PHASE_NAMES[withdrawal[0]], _lines(_rows(withdrawal[0])))
    y = canvas.note(right, 0, "On the CNI, the phases in the order")
    y = canvas.note(right, y, "a course goes through them:")
    for phase, onward in MAIN_PATH:
        y = canvas.box(right, y, PHASE_NAMES[phase], _lines(_rows(phase)))
        if onward:
            y = canvas.arrow(right + _ARROW, y, onward)
    y = canvas.note(right, y + 12, f"On the CNI, {relapse[1]}:")
    y = canvas.box(right, y, PHASE_NAMES[relapse[0]], _lines(_rows(relapse[0])))
    return canvas.shapes, max(left_bottom, y) + 2


def _sections() -> Iterator[tuple[str, list[_Line]]]:
    yield "On the CNI, read first, in this order", _lines(_rows(None))
    for phase, _ in MAIN_PATH:
        yield f"Then, in the phase '{PHASE_NAMES[phase]}'", _lines(_rows(phase))
    for phase, entered in SIDE_PHASES:
        yield f"In the phase '{PHASE_NAMES[phase]}' ({entered})", _lines(_rows(phase))
    yield "Off the CNI", _lines(_rows(Phase.OFF_THERAPY))


def flowchart_description() -> str:
    """The flowchart in words: every row by its number, with its advice, section by section."""
    parts = [
        "How the advice is chosen: on the CNI, the rows read first decide if one holds; "
        "otherwise the rows of the course's phase decide, the first that holds."
    ]
    for heading, lines in _sections():
        listed = "; ".join(f"row {line.numbers}: {line.advice}" for line in lines)
        parts.append(f"{heading}: {listed}.")
    return " ".join(parts)


def flowchart_svg() -> str:
    """The decision flowchart as an inline SVG, drawn from the decision table's rows.

    Returns:
        The SVG element: ``role="img"``, titled and described, 720 user units wide,
        every row of :data:`~guideline.DECISION_RULES` in a ``g`` whose
        ``data-rows`` names it.

    Examples:
        >>> svg = flowchart_svg()
        >>> svg.startswith("<svg") and 'data-rows="trial_bound' in svg
        True
    """
    shapes, height = _draw()
    title = element("title", ("id", "flowchart-title"), children=["How the advice is chosen"])
    desc = element("desc", ("id", "flowchart-desc"), children=[escape(flowchart_description())])
    return element(
        "svg",
        ("xmlns", "http://www.w3.org/2000/svg"),
        ("viewBox", f"0 0 {_WIDTH} {number(height)}"),
        ("width", _WIDTH),
        ("height", number(height)),
        ("role", "img"),
        ("aria-labelledby", "flowchart-title flowchart-desc"),
        ("class", "flowchart"),
        ("font-family", _FONT),
        ("font-size", _SIZE),
        ("fill", _INK),
        children=[
            title,
            desc,
            element("rect", ("width", _WIDTH), ("height", number(height)), ("fill", "#ffffff")),
            *shapes,
        ],
    )
