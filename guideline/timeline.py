"""A picture of a course: an accessible, self-contained SVG timeline.

:func:`timeline_svg` draws one patient's course as known on an evaluation
date. Nothing is decided here: every window and date comes from
:func:`~guideline.plan` and the remission history the rules derive, every
level from the package's constants, and only entries dated on or before the
evaluation date are drawn (the same causality as the decision functions).

What is drawn, from left to right in calendar time:

- the proteinuria values as a line with one point each (left axis, g/day or
  g/g; circles for g/day, squares for g/g), with the complete-remission and
  nephrotic levels of D4 as dashed reference lines;
- the daily dose as a step line (right axis, mg/day), broken while stopped;
- labelled vertical markers: start, remission (D4, G3), relapse (D4),
  stop and restart (A1), and the evaluation date;
- one lane per window of the current period of therapy, each labelled with
  its dates: the response check (B1, B2), the taper (C1, D5, D6), the
  maintenance at the reduced dose (C2, D7), the stop window counted from
  remission (H1, C3, L1, D8, A8), and, as a thinner dashed bar for
  comparison, the other reading of C3 counted from t0 (D8). Once the CNI
  is stopped the plan no longer lays these out, so the lanes then show them
  as planned on the last day on the CNI, and say so;
- the stop window from remission, hatched, behind the measurements, and the
  time after the evaluation date in grey (only the plan reaches there);
- when the course holds them, one lane of anti-PLA2R titres, each drawn
  against its own laboratory cut-off (a filled triangle at or above it, an open
  circle below), and one lane of serum albumin (a filled triangle pointing down
  at or below 35 g/L, an open square above), each point with its value (D22,
  D23). A titre series set aside for a negative baseline is drawn and says so.

The SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` that says the same
in words, a ``viewBox`` with ``width="100%"`` so it scales, and no script,
link, image or font to fetch. Text is dark on white (WCAG AA) and nothing is
told by colour alone: markers and lanes carry labels, and lines differ in
dash pattern. The same arguments always give the same string.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from . import _albumin, _antibodies
from ._calendar import Window, add_months
from ._course import Course, ProteinuriaUnit
from ._parameters import (
    COMPLETE_REMISSION_BELOW,
    DEFAULTS,
    LOW_ALBUMIN_G_PER_DL,
    LOW_ALBUMIN_G_PER_L,
    MAINTENANCE_MONTHS,
    NEPHROTIC_LEVEL,
    STOP_WINDOW_CLOSES_MONTHS,
    STOP_WINDOW_OPENS_MONTHS,
    Parameters,
)
from ._plan import Plan, plan
from ._remission import remission_history
from ._svg import Attribute, element, escape, estimated_width, nice_ticks, number, text, tooltip
from ._therapy import therapy_periods
from ._validation import require_arguments
from ._vocabulary import Phase

__all__ = ["timeline_description", "timeline_svg"]

# Layout, in SVG user units (pixels at 100%).
_WIDTH = 720
_LEFT, _RIGHT = 64, 72
_TITLE_Y = 24
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_LABEL_SIZE = 13
_SMALL_SIZE = 12
_LABEL_ROW = 17
_PLOT_HEIGHT = 230
_LANE_HEIGHT = 34
_LEGEND_ROW = 22
_MARGIN = 8
_MOST_TICKS = 9
"""At most this many month intervals on the time axis, so that their labels never touch."""

# Colours: every text colour has a contrast of at least 4.5:1 on white, every line 3:1.
_INK = "#1f1f1f"
_MUTED = "#595959"
_GRID = "#d9d9d9"
_PROTEINURIA = "#1f4e9c"
_DOSE = "#8c4a00"
_REMISSION = "#1e6b30"
_RELAPSE = "#b3261e"
_THERAPY = "#333333"
_EVALUATED = "#5b2a86"
_LATER = "#f2f2f2"

_HALO: tuple[Attribute, ...] = (
    ("stroke", "#ffffff"),
    ("stroke-width", 3),
    ("paint-order", "stroke"),
    ("stroke-linejoin", "round"),
)
"""A white outline under text drawn over lines, so it stays legible."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class _Marker:
    """A dated vertical marker: a short label on the picture, a longer name for readers."""

    on: date
    label: str
    name: str
    colour: str
    dash: str
    width: float


@dataclass(frozen=True)
class _Lane:
    """One window of the plan, drawn as a labelled bar in its own row.

    Attributes:
        key: Its class in the SVG, stable for tests and style sheets.
        label: Its name on the picture.
        window: The dates of the bar, if there is one to draw.
        words: The dates (or why there are none) in words.
        fill: Bar colour; empty for the stop-window hatch.
        stroke: Outline colour.
        thin: Drawn as a thin dashed bar (the reading kept for comparison).
        point: A single date to mark in the lane (a taper step that may be taken from then).
    """

    key: str
    label: str
    window: Window | None
    words: str
    fill: str
    stroke: str
    thin: bool = False
    point: date | None = None


@dataclass(frozen=True)
class _TimeAxis:
    first: date
    last: date

    def x(self, day: date) -> float:
        """Horizontal position of ``day``, clamped to the plot."""
        span = (self.last - self.first).days
        offset = min(max((day - self.first).days, 0), span)
        return _LEFT + (_WIDTH - _LEFT - _RIGHT) * offset / span


@dataclass(frozen=True)
class _ValueAxis:
    ticks: tuple[float, ...]
    top: float
    bottom: float

    def y(self, value: float) -> float:
        """Vertical position of ``value`` (zero at the bottom)."""
        return self.bottom - (self.bottom - self.top) * value / self.ticks[-1]


def timeline_svg(
    course: Course, on: date, parameters: Parameters = DEFAULTS, *, title: str | None = None
) -> str:
    """Draw a course as known on ``on`` as an accessible inline SVG.

    The windows are those of :func:`~guideline.plan` for the current period
    of therapy: response check (B1, B2), taper (C1, D5, D6), maintenance (C2,
    D7), the stop window from remission (H1, C3, L1, D8, A8) and, for
    comparison, the reading of C3 that counts the window from t0 (D8). Markers show
    remissions and relapses as the rules derive them (D4, G3), stops and
    restarts (A1), and ``on``. Entries dated after ``on`` are not drawn.

    Args:
        course: The patient course.
        on: The evaluation date (on or after the start).
        parameters: The readings of the adjustable points of the guideline.
        title: The picture's title; by default (or if blank) the agent and the date.

    Returns:
        A ``<svg>`` element as a string, ready to embed in HTML or to save
        as a ``.svg`` file. The same arguments always give the same string.

    Raises:
        CourseError: If ``on`` is not a date on or after the course start.
        TypeError: If ``course`` or ``parameters`` is of another type.

    Examples:
        >>> from datetime import date
        >>> from guideline.examples import complete_responder
        >>> svg = timeline_svg(complete_responder(), date(2025, 12, 1))
        >>> svg.startswith("<svg") and 'role="img"' in svg
        True
    """
    require_arguments(course, parameters)
    picture = _contents(course, on, parameters)
    known = picture.known
    heading = title if title is not None and title.strip() else _default_title(known, on)
    key = hashlib.sha256(repr((known, on, parameters, heading)).encode()).hexdigest()[:10]
    ids = f"timeline-{key}"

    axis = _time_axis(picture)
    rows = _label_rows(picture.markers, axis)
    plot_top = _TITLE_Y + 14 + _LABEL_ROW * (max(rows.values()) + 1) + 8
    plot_bottom = plot_top + _PLOT_HEIGHT
    lanes_top = plot_bottom + 34
    heading_lines = len(_heading_lines(picture))
    markers_top = lanes_top + 18 * heading_lines + _LANE_HEIGHT * len(picture.lanes)
    measured = _marker_lanes(known)
    legend_top = markers_top + _LANE_HEIGHT * len(measured) + 4
    legend, legend_height = _legend(known, legend_top, ids)
    height = legend_top + legend_height + 8

    values = [item.level for item in known.proteinuria]
    protein = _ValueAxis(nice_ticks(max([*values, NEPHROTIC_LEVEL])), plot_top, plot_bottom)
    dose_steps = _dose_steps(known, on)
    doses = [dose for _, dose in dose_steps if dose is not None]
    dose = _ValueAxis(nice_ticks(max(doses)), plot_top, plot_bottom)

    body = [
        element("title", ("id", f"{ids}-title"), children=[escape(heading)]),
        element("desc", ("id", f"{ids}-desc"), children=[escape(_describe(picture))]),
        _defs(ids),
        element("rect", ("width", _WIDTH), ("height", height), ("fill", "#ffffff")),
        text(heading, ("x", _LEFT), ("y", _TITLE_Y), ("font-size", 16), ("font-weight", "bold")),
        _backgrounds(axis, picture, plot_top, plot_bottom, ids),
        _time_ticks(axis, plot_top, plot_bottom),
        _value_axis(protein, _left_unit(known), left=True),
        _value_axis(dose, "mg/day", left=False),
        _reference_lines(protein),
        _dose_line(axis, dose, dose_steps),
        _proteinuria_line(known, axis, protein),
        _marker_lines(picture.markers, rows, axis, plot_bottom),
        _lane_rows(picture, axis, lanes_top, ids),
        *([_marker_rows(measured, axis, markers_top)] if measured else []),
        legend,
    ]
    return element(
        "svg",
        ("xmlns", "http://www.w3.org/2000/svg"),
        ("viewBox", f"0 0 {_WIDTH} {number(height)}"),
        ("width", "100%"),
        ("role", "img"),
        ("aria-labelledby", f"{ids}-title {ids}-desc"),
        ("font-family", _FONT),
        ("font-size", _LABEL_SIZE),
        ("fill", _INK),
        children=body,
    )


def timeline_description(course: Course, on: date, parameters: Parameters = DEFAULTS) -> str:
    """The words of the picture: what :func:`timeline_svg` puts in its ``<desc>``.

    Useful as the text alternative where the SVG is shown as an image. It
    names the agent, the phase on ``on``, the proteinuria values drawn, each
    window of the plan with its dates (or why it is not known yet), and the
    remissions, relapses, stops and restarts up to ``on``.

    Raises:
        CourseError: If ``on`` is not a date on or after the course start.
    """
    return _describe(_contents(course, on, parameters))


# --- what is drawn: read from the plan and the course -----------------------------------


def _default_title(known: Course, on: date) -> str:
    return f"{known.agent.value.capitalize()} course as known on {on.isoformat()}"


@dataclass(frozen=True)
class _Contents:
    """What one picture shows, read from the plan and the course as known on ``on``.

    Attributes:
        known: The course with entries after ``on`` dropped.
        on: The evaluation date.
        current: The plan on ``on``.
        drawn: The plan whose windows are drawn (see :func:`_windows_plan`).
        lanes: Those windows, one lane each.
        markers: The dated markers, in date order.
    """

    known: Course
    on: date
    current: Plan
    drawn: Plan
    lanes: tuple[_Lane, ...]
    markers: tuple[_Marker, ...]


def _contents(course: Course, on: date, parameters: Parameters) -> _Contents:
    current = plan(course, on, parameters)
    known = course.as_of(on)
    drawn = _windows_plan(known, current, parameters)
    return _Contents(known, on, current, drawn, _lanes(drawn), _markers(known, on, parameters))


def _windows_plan(known: Course, current: Plan, parameters: Parameters) -> Plan:
    """The plan whose windows are drawn: on ``on``, or on the last day on the CNI if stopped.

    Once the CNI is stopped the plan no longer lays out the taper, the
    maintenance or the stop window; the picture then shows them as they were
    planned the day before the stop, so a stop can be seen against its window.
    """
    if current.phase is not Phase.OFF_THERAPY:
        return current
    stopped = known.discontinuations[-1].on
    return plan(known, stopped - timedelta(days=1), parameters)


def _lanes(schedule: Plan) -> tuple[_Lane, ...]:
    """The plan's windows for its period of therapy, one lane each (B1, B2, C1-C3, D5-D8, H1)."""
    check = schedule.response_check
    no_remission = "no ongoing remission"
    taper, taper_point, taper_words = None, None, no_remission
    start, reduced = schedule.earliest_taper_start, schedule.reduced_dose_reached
    if start is not None and reduced is not None and reduced >= start:
        taper, taper_words = Window(start, reduced), f"{_span(start, reduced)}, to the reduced dose"
    elif start is not None and reduced is not None:
        taper_words = (
            f"reduced dose reached {reduced.isoformat()}, "
            f"before the earliest taper date {start.isoformat()}"
        )
    elif start is not None and schedule.on >= start:
        taper = Window(start, schedule.on)
        taper_words = f"from {start.isoformat()}; reduced dose not reached on {schedule.on}"
    elif start is not None:
        taper_point, taper_words = start, f"may start from {start.isoformat()}"
    step = schedule.next_taper_step
    if step is not None:
        taper_point = step.earliest
        taper_words += (
            f"; next step to {step.dose_mg_per_day:g} mg/day from {step.earliest.isoformat()}"
        )
    maintenance, maintenance_words = None, no_remission
    if reduced is not None and schedule.maintenance_end is not None:
        maintenance = Window(reduced, schedule.maintenance_end)
        maintenance_words = (
            f"{_span(reduced, schedule.maintenance_end)}, "
            f"{MAINTENANCE_MONTHS} months at the reduced dose"
        )
    elif schedule.remission is not None:
        maintenance_words = "the reduced dose is not reached"
    window, window_words = schedule.stop_window, no_remission
    if window is not None and window.opens <= window.closes:
        window_words = _span(window.opens, window.closes)
    elif window is not None:
        window_words = (
            f"empty: maintenance ends {window.opens.isoformat()}, "
            f"after it would close on {window.closes.isoformat()}"
        )
    elif schedule.remission is not None:
        window_words = "known once the reduced dose is reached"
    other = schedule.stop_window_from_start
    return (
        _Lane(
            "response-check",
            "Response check",
            check,
            _span(check.opens, check.closes),
            "#cfe0f5",
            _PROTEINURIA,
        ),
        _Lane("taper", "Taper", taper, taper_words, "#fbe3c2", _DOSE, point=taper_point),
        _Lane("maintenance", "Maintenance", maintenance, maintenance_words, "#d6ecd2", _REMISSION),
        _Lane("stop-window", "Stop window from remission", window, window_words, "", _EVALUATED),
        _Lane(
            "stop-window-from-start",
            f"Other reading, {STOP_WINDOW_OPENS_MONTHS}-{STOP_WINDOW_CLOSES_MONTHS} months from t0",
            other,
            f"{_span(other.opens, other.closes)}, for comparison",
            "",
            _EVALUATED,
            thin=True,
        ),
    )


def _span(opens: date, closes: date) -> str:
    return f"{opens.isoformat()} to {closes.isoformat()}"


def _markers(known: Course, on: date, parameters: Parameters) -> tuple[_Marker, ...]:
    """Start, stops, restarts, remissions and relapses up to ``on``, and ``on`` itself."""
    found = [
        _Marker(known.start, "Start", f"CNI started {known.start.isoformat()}", _THERAPY, "", 1.5)
    ]
    found += [
        _Marker(
            stop.on,
            "Stop",
            f"CNI stopped {stop.on.isoformat()} ({stop.reason.value.replace('_', ' ')})",
            _THERAPY,
            "6 3",
            1.5,
        )
        for stop in known.discontinuations
    ]
    found += [
        _Marker(
            restart.on,
            "Restart",
            f"CNI restarted {restart.on.isoformat()} at {restart.dose_mg_per_day:g} mg/day",
            _THERAPY,
            "",
            1.5,
        )
        for restart in known.restarts
    ]
    for period in therapy_periods(known):
        for episode in remission_history(known, period, on, parameters).episodes:
            found.append(
                _Marker(
                    episode.confirmed,
                    "Remission",
                    f"Remission confirmed {episode.confirmed.isoformat()} ({episode.level.value})",
                    _REMISSION,
                    "",
                    2,
                )
            )
            if episode.relapsed and episode.ended is not None:
                found.append(
                    _Marker(
                        episode.ended,
                        "Relapse",
                        f"Relapse confirmed {episode.ended.isoformat()}",
                        _RELAPSE,
                        "2 2",
                        2,
                    )
                )
    found.append(_Marker(on, "Evaluated", f"Evaluation date {on.isoformat()}", _EVALUATED, "", 2.5))
    return tuple(sorted(found, key=lambda marker: marker.on))


def _dose_steps(known: Course, on: date) -> tuple[tuple[date, float | None], ...]:
    """Each date the dose changed up to ``on`` with the dose from then (None: stopped)."""
    days = {known.start, on}
    days |= {item.on for item in known.dose_changes}
    days |= {item.on for item in known.discontinuations}
    days |= {item.on for item in known.restarts}
    return tuple((day, known.dose_on(day)) for day in sorted(days))


def _time_axis(picture: _Contents) -> _TimeAxis:
    """From the month of the first value to a little after ``on`` and the windows drawn.

    The thin comparison lane does not stretch the axis: early in a course it
    would squeeze the months that hold data. Once the stop window from
    remission is known it ends later anyway, so both readings are in view.
    """
    known = picture.known
    first = min(
        known.start,
        known.proteinuria[0].on,
        *(series[0].on for series in (known.pla2r, known.albumin) if series),
    )
    ends = [picture.on]
    for lane in picture.lanes:
        if lane.window is not None and not lane.thin:
            ends.append(max(lane.window.opens, lane.window.closes))
        if lane.point is not None:
            ends.append(lane.point)
    last = max(ends)
    last += timedelta(days=max((last - first).days // 25, 10))
    return _TimeAxis(
        date(first.year, first.month, 1), add_months(date(last.year, last.month, 1), 1)
    )


def _left_unit(known: Course) -> str:
    """g/day for 24-hour values; g/g for ratios, those in mg/mmol converted (D16)."""
    return "g/day" if _collected(known) else ProteinuriaUnit.UPCR_G_PER_G.value


def _collected(known: Course) -> bool:
    """Whether the course's one method is the 24-hour collection (D16)."""
    return known.proteinuria[0].unit is ProteinuriaUnit.G_PER_DAY


def _describe(picture: _Contents) -> str:
    """The ``<desc>`` text: the picture in sentences, dates in ISO form."""
    known, current = picture.known, picture.current
    values = known.proteinuria
    parts = [
        f"{known.agent.value.capitalize()} started {known.start.isoformat()}; "
        f"evaluated {picture.on.isoformat()}, phase: {current.phase.value.replace('_', ' ')}.",
        f"{len(values)} proteinuria value{'s' if len(values) != 1 else ''} "
        f"(dose in mg/day alongside) from {values[0].on.isoformat()} to "
        f"{values[-1].on.isoformat()}, first {values[0].value:g} {values[0].unit.value}, "
        f"last {values[-1].value:g} {values[-1].unit.value}.",
        " ".join(f"{marker.name}." for marker in picture.markers if marker.label != "Evaluated"),
        _lanes_heading(picture) + ":",
        " ".join(f"{lane.label}: {lane.words}." for lane in picture.lanes),
        *(f"{lane.label}: {lane.words}." for lane in _marker_lanes(known)),
    ]
    return " ".join(parts)


def _lanes_heading(picture: _Contents) -> str:
    drawn = picture.drawn
    heading = f"Windows of the therapy period from {drawn.period_start.isoformat()}"
    if drawn is not picture.current:
        heading += f", as planned on {drawn.on.isoformat()}, the last day on the CNI"
    return heading


# --- how it is drawn ----------------------------------------------------------------


def _defs(ids: str) -> str:
    """The hatch used for both readings of the stop window."""
    hatch = element(
        "pattern",
        ("id", f"{ids}-hatch"),
        ("width", 6),
        ("height", 6),
        ("patternUnits", "userSpaceOnUse"),
        ("patternTransform", "rotate(45)"),
        children=[
            element("rect", ("width", 6), ("height", 6), ("fill", "#efe6f6")),
            element("line", ("x1", 0), ("y1", 0), ("x2", 0), ("y2", 6), ("stroke", _EVALUATED)),
        ],
    )
    return element("defs", children=[hatch])


def _backgrounds(axis: _TimeAxis, picture: _Contents, top: float, bottom: float, ids: str) -> str:
    """The hatched stop window behind the data, and grey after the evaluation date."""
    later = axis.x(picture.on)
    shapes = [
        element(
            "rect",
            ("x", later),
            ("y", top),
            ("width", axis.x(axis.last) - later),
            ("height", bottom - top),
            ("fill", _LATER),
            children=[tooltip("After the evaluation date: the plan only")],
        )
    ]
    window = picture.drawn.stop_window
    if window is not None and window.opens <= window.closes:
        shapes.append(
            element(
                "rect",
                ("x", axis.x(window.opens)),
                ("y", top),
                ("width", axis.x(window.closes) - axis.x(window.opens)),
                ("height", bottom - top),
                ("fill", f"url(#{ids}-hatch)"),
                ("fill-opacity", 0.5),
                children=[
                    tooltip(f"Stop window from remission: {_span(window.opens, window.closes)}")
                ],
            )
        )
    return element("g", ("class", "backgrounds"), children=shapes)


def _time_ticks(axis: _TimeAxis, top: float, bottom: float) -> str:
    """Month ticks with a grid line; the first tick of each year names the year."""
    months = (axis.last.year - axis.first.year) * 12 + axis.last.month - axis.first.month
    every = next(step for step in _tick_steps() if months / step <= _MOST_TICKS)
    shapes = [
        element(
            "line",
            ("x1", _LEFT),
            ("y1", bottom),
            ("x2", _WIDTH - _RIGHT),
            ("y2", bottom),
            ("stroke", _MUTED),
        )
    ]
    year = 0
    for index in range(0, months + 1, every):
        day = add_months(axis.first, index)
        x = axis.x(day)
        shapes.append(
            element(
                "line", ("x1", x), ("y1", top), ("x2", x), ("y2", bottom + 4), ("stroke", _GRID)
            )
        )
        label = _MONTHS[day.month - 1]
        if day.year != year:
            label, year = f"{label} {day.year}", day.year
        shapes.append(
            text(
                label,
                ("x", x),
                ("y", bottom + 18),
                ("text-anchor", "middle"),
                ("font-size", _SMALL_SIZE),
                ("fill", _MUTED),
            )
        )
    return element("g", ("class", "time-axis"), children=shapes)


def _tick_steps() -> Iterator[int]:
    """Months between two ticks, smallest first.

    1, 2, 3 and 6 months, then 1, 2, 5, 10, 20, 50, 100... years, without end,
    so that an axis of any length finds a step.
    """
    yield from (1, 2, 3, 6)
    years = 1
    while True:
        yield from (12 * years, 24 * years, 60 * years)
        years *= 10


def _value_axis(scale: _ValueAxis, unit: str, *, left: bool) -> str:
    """A vertical axis with its ticks and unit: proteinuria on the left, dose on the right."""
    x = _LEFT if left else _WIDTH - _RIGHT
    colour = _PROTEINURIA if left else _DOSE
    name = "Proteinuria" if left else "Dose"
    shapes = [
        element(
            "line",
            ("x1", x),
            ("y1", scale.top),
            ("x2", x),
            ("y2", scale.bottom),
            ("stroke", colour),
        )
    ]
    for tick in scale.ticks:
        y = scale.y(tick)
        shapes.append(
            element(
                "line",
                ("x1", x - 4 if left else x),
                ("y1", y),
                ("x2", x if left else x + 4),
                ("y2", y),
                ("stroke", colour),
            )
        )
        shapes.append(
            text(
                f"{tick:g}",
                ("x", x - 7 if left else x + 7),
                ("y", y + 4),
                ("text-anchor", "end" if left else "start"),
                ("font-size", _SMALL_SIZE),
                ("fill", colour),
            )
        )
    title_x = 18 if left else _WIDTH - 18
    middle = (scale.top + scale.bottom) / 2
    shapes.append(
        text(
            f"{name} ({unit})",
            ("x", title_x),
            ("y", middle),
            ("transform", f"rotate({-90 if left else 90} {title_x} {number(middle)})"),
            ("text-anchor", "middle"),
            ("font-size", _SMALL_SIZE),
            ("font-weight", "bold"),
            ("fill", colour),
        )
    )
    return element("g", ("class", "proteinuria-axis" if left else "dose-axis"), children=shapes)


def _reference_lines(scale: _ValueAxis) -> str:
    """The complete-remission and nephrotic levels of D4, dashed, with their values."""
    shapes = []
    for level, words in (
        (COMPLETE_REMISSION_BELOW, "complete remission below"),
        (NEPHROTIC_LEVEL, "nephrotic level"),
    ):
        y = scale.y(level)
        shapes.append(
            element(
                "line",
                ("x1", _LEFT),
                ("y1", y),
                ("x2", _WIDTH - _RIGHT),
                ("y2", y),
                ("stroke", _MUTED),
                ("stroke-dasharray", "1 3"),
            )
        )
        shapes.append(
            text(
                f"{words} {level:g}",
                ("x", _WIDTH - _RIGHT - 4),
                ("y", y - 3),
                ("text-anchor", "end"),
                ("font-size", _SMALL_SIZE),
                ("fill", _MUTED),
                *_HALO,
            )
        )
    return element("g", ("class", "reference-levels"), children=shapes)


def _dose_line(
    axis: _TimeAxis, scale: _ValueAxis, steps: tuple[tuple[date, float | None], ...]
) -> str:
    """The dose as steps, one path per stretch on the CNI; the last runs to ``on``."""
    paths: list[str] = []
    current: list[str] = []
    for (day, dose), (until, _) in pairwise(steps):
        if dose is None:  # a stop: it always ends a stretch on the CNI
            paths.append(" ".join(current))
            current = []
            continue
        y = scale.y(dose)
        current.append(f"{'M' if not current else 'L'}{number(axis.x(day))},{number(y)}")
        current.append(f"L{number(axis.x(until))},{number(y)}")
    if current:
        paths.append(" ".join(current))
    return element(
        "g",
        ("class", "dose"),
        children=[
            element(
                "path",
                ("d", path),
                ("fill", "none"),
                ("stroke", _DOSE),
                ("stroke-width", 2),
                ("stroke-dasharray", "8 3"),
            )
            for path in paths
        ],
    )


def _proteinuria_line(known: Course, axis: _TimeAxis, scale: _ValueAxis) -> str:
    """One point per value up to ``on`` (circle: g/day, square: a ratio), joined by a line."""
    points = [(axis.x(item.on), scale.y(item.level), item) for item in known.proteinuria]
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{number(x)},{number(y)}"
        for index, (x, y, _) in enumerate(points)
    )
    shapes = [
        element(
            "path", ("d", path), ("fill", "none"), ("stroke", _PROTEINURIA), ("stroke-width", 2)
        )
    ]
    for x, y, item in points:
        name = tooltip(f"{item.on.isoformat()}: {item.value:g} {item.unit.value}")
        common: list[Attribute] = [
            ("class", "proteinuria-point"),
            ("fill", "#ffffff"),
            ("stroke", _PROTEINURIA),
            ("stroke-width", 2),
        ]
        if _collected(known):
            shapes.append(
                element("circle", ("cx", x), ("cy", y), ("r", 4), *common, children=[name])
            )
        else:
            shapes.append(
                element(
                    "rect",
                    ("x", x - 4),
                    ("y", y - 4),
                    ("width", 8),
                    ("height", 8),
                    *common,
                    children=[name],
                )
            )
    return element("g", ("class", "proteinuria"), children=shapes)


def _label_rows(markers: Iterable[_Marker], axis: _TimeAxis) -> dict[_Marker, int]:
    """Put each marker label in the first row where it does not overlap another."""
    rows: dict[_Marker, int] = {}
    ends: list[float] = []
    for marker in markers:
        half = estimated_width(marker.label, _SMALL_SIZE) / 2 + 4
        x = axis.x(marker.on)
        row = next((index for index, end in enumerate(ends) if end < x - half), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = x + half
        rows[marker] = row
    return rows


def _marker_lines(
    markers: Iterable[_Marker], rows: dict[_Marker, int], axis: _TimeAxis, bottom: float
) -> str:
    """Vertical lines from each label down to the time axis."""
    shapes = []
    for marker in markers:
        x = axis.x(marker.on)
        y = _TITLE_Y + 14 + _LABEL_ROW * (rows[marker] + 1)
        line: list[Attribute] = [("stroke", marker.colour), ("stroke-width", marker.width)]
        if marker.dash:
            line.append(("stroke-dasharray", marker.dash))
        shapes.append(
            element(
                "g",
                ("class", "marker"),
                children=[
                    tooltip(marker.name),
                    element("line", ("x1", x), ("y1", y + 3), ("x2", x), ("y2", bottom), *line),
                    text(
                        marker.label,
                        ("x", x),
                        ("y", y),
                        ("text-anchor", "middle"),
                        ("font-size", _SMALL_SIZE),
                        ("fill", marker.colour),
                        *_HALO,
                    ),
                ],
            )
        )
    return element("g", ("class", "markers"), children=shapes)


def _heading_lines(picture: _Contents) -> list[str]:
    """The lanes' heading, on as many lines as the picture's width needs."""
    per_line = int((_WIDTH - 2 * _MARGIN) / estimated_width("x", _SMALL_SIZE))
    return textwrap.wrap(_lanes_heading(picture), per_line)


def _lane_rows(picture: _Contents, axis: _TimeAxis, top: float, ids: str) -> str:
    """Each window as a bar under the time axis, with its name and dates above it."""
    heading = _heading_lines(picture)
    shapes = [
        text(
            words,
            ("x", _MARGIN),
            ("y", top + 4 + 18 * index),
            ("font-size", _SMALL_SIZE),
            ("font-weight", "bold"),
        )
        for index, words in enumerate(heading)
    ]
    for index, lane in enumerate(picture.lanes):
        y = top + 18 * len(heading) + index * _LANE_HEIGHT
        words = f"{lane.label}: {lane.words}"
        children = [tooltip(words)]
        anchor = axis.x(lane.point) if lane.point is not None else float(_LEFT)
        window = lane.window
        if window is not None and window.opens <= min(window.closes, axis.last):
            anchor = axis.x(window.opens)
            height = 6 if lane.thin else 12
            bar: list[Attribute] = [
                ("class", "window"),
                ("x", anchor),
                ("y", y + 17),
                ("width", max(axis.x(window.closes) - anchor, 1.5)),
                ("height", height),
                ("fill", lane.fill or f"url(#{ids}-hatch)"),
                ("stroke", lane.stroke),
            ]
            if lane.thin:
                bar.append(("stroke-dasharray", "4 2"))
            children.append(element("rect", *bar))
            if window.closes > axis.last:
                edge, middle = axis.x(axis.last), y + 17 + height / 2
                children.append(
                    element(
                        "path",
                        ("d", f"M{number(edge)},{number(middle - 6)} l7,6 l-7,6 z"),
                        ("fill", lane.stroke),
                        children=[tooltip("continues after the end of the time axis")],
                    )
                )
        if lane.point is not None:
            x, middle = axis.x(lane.point), y + 23
            children.append(
                element(
                    "path",
                    ("class", "point"),
                    ("d", f"M{number(x)},{number(middle - 6)} l6,6 l-6,6 l-6,-6 z"),
                    ("fill", lane.fill),
                    ("stroke", lane.stroke),
                )
            )
        label_x = max(_LEFT, min(anchor, _WIDTH - _RIGHT - estimated_width(words, _SMALL_SIZE)))
        children.append(text(words, ("x", label_x), ("y", y + 12), ("font-size", _SMALL_SIZE)))
        shapes.append(element("g", ("class", f"lane {lane.key}"), children=children))
    return element("g", ("class", "lanes"), children=shapes)


@dataclass(frozen=True)
class _Point:
    """One measured marker on its lane: its date, its value as shown, and its shape.

    Attributes:
        on: The date of the sample.
        shown: The value as written on the picture.
        words: What the point says to a reader: value, unit and how it compares.
        flagged: Drawn filled (a positive titre, a low albumin) rather than open.
    """

    on: date
    shown: str
    words: str
    flagged: bool


@dataclass(frozen=True)
class _MarkerLane:
    """A lane of measured points: the anti-PLA2R titres or the serum albumin values."""

    key: str
    label: str
    words: str
    points: tuple[_Point, ...]
    down: bool


def _marker_lanes(known: Course) -> tuple[_MarkerLane, ...]:
    """The titre and albumin lanes, for the series the course holds (D22, D23)."""
    lanes = []
    if known.pla2r:
        titres = tuple(
            _Point(
                titre.on,
                f"{titre.value:g}",
                f"{titre.on.isoformat()}: {titre.value:g} RU/mL, "
                f"{'at or above' if titre.positive else 'below'} the cut-off {titre.cutoff:g}",
                titre.positive,
            )
            for titre in known.pla2r
        )
        words = "filled at or above the laboratory's cut-off, open below"
        if _antibodies.negative_at_baseline(known):
            words = "negative at baseline, so not used by the rules"
        lanes.append(
            _MarkerLane(
                "pla2r", "Anti-PLA2R titre, RU/mL", f"{words}; " + _listed(titres), titres, False
            )
        )
    if known.albumin:
        values = tuple(
            _Point(
                item.on,
                f"{item.value:g}",
                f"{item.on.isoformat()}: {item.value:g} {item.unit.value}"
                + (" (low)" if _albumin.low(item) else ""),
                _albumin.low(item),
            )
            for item in known.albumin
        )
        words = (
            f"filled at or below {LOW_ALBUMIN_G_PER_L:g} g/L ({LOW_ALBUMIN_G_PER_DL:g} g/dL), "
            f"open above"
        )
        lanes.append(
            _MarkerLane("albumin", "Serum albumin", f"{words}; " + _listed(values), values, True)
        )
    return tuple(lanes)


def _listed(points: tuple[_Point, ...]) -> str:
    return "; ".join(point.words for point in points)


def _marker_rows(lanes: tuple[_MarkerLane, ...], axis: _TimeAxis, top: float) -> str:
    """Each marker lane: its name, then one point per value with the value written above it."""
    shapes = []
    for index, lane in enumerate(lanes):
        y = top + index * _LANE_HEIGHT
        middle = y + 24
        heading = f"{lane.label} ({lane.words.split(';')[0]})"
        children = [
            tooltip(f"{lane.label}: {lane.words}"),
            text(heading, ("x", _LEFT), ("y", y + 10), ("font-size", _SMALL_SIZE)),
        ]
        limit = float(_WIDTH)  # each value is written right of its point, up to the next point
        for point in reversed(lane.points):
            x = axis.x(point.on)
            children.append(
                element(
                    "path",
                    ("class", "marker-point flagged" if point.flagged else "marker-point"),
                    ("d", _shape(x, middle, flagged=point.flagged, down=lane.down)),
                    ("fill", _RELAPSE if point.flagged else "#ffffff"),
                    ("stroke", _RELAPSE if point.flagged else _INK),
                    ("stroke-width", 1.5),
                    children=[tooltip(point.words)],
                )
            )
            if x + 7 + estimated_width(point.shown, _SMALL_SIZE) < limit:
                children.append(
                    text(
                        point.shown,
                        ("x", x + 7),
                        ("y", middle + 4),
                        ("font-size", _SMALL_SIZE),
                        ("fill", _MUTED),
                        *_HALO,
                    )
                )
            limit = x - 6
        shapes.append(element("g", ("class", f"lane marker-lane {lane.key}"), children=children))
    return element("g", ("class", "marker-lanes"), children=shapes)


def _shape(x: float, y: float, *, flagged: bool, down: bool) -> str:
    """A triangle (pointing down for a low albumin) when flagged; a circle or square when not."""
    if flagged:
        tip = 5 if down else -5
        return f"M{number(x)},{number(y + tip)} l5,{-2 * tip} l-10,0 z"
    if down:
        return f"M{number(x - 4)},{number(y - 4)} h8 v8 h-8 z"
    return f"M{number(x - 4)},{number(y)} a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0 z"


def _legend(known: Course, top: float, ids: str) -> tuple[str, float]:
    """Swatches for what is not labelled on the picture itself; returns it and its height."""
    line = element(
        "line",
        ("x1", 0),
        ("y1", 0),
        ("x2", 24),
        ("y2", 0),
        ("stroke", _PROTEINURIA),
        ("stroke-width", 2),
    )
    point = (("fill", "#ffffff"), ("stroke", _PROTEINURIA), ("stroke-width", 2))
    items: list[tuple[str, str]] = []
    if _collected(known):
        circle = element("circle", ("cx", 12), ("cy", 0), ("r", 4), *point)
        items.append((line + circle, "Proteinuria, g/day"))
    else:
        square = element("rect", ("x", 8), ("y", -4), ("width", 8), ("height", 8), *point)
        items.append((line + square, "Protein:creatinine ratio, g/g"))
    items.append(
        (
            element(
                "line",
                ("x1", 0),
                ("y1", 0),
                ("x2", 24),
                ("y2", 0),
                ("stroke", _DOSE),
                ("stroke-width", 2),
                ("stroke-dasharray", "8 3"),
            ),
            "Dose, mg/day",
        )
    )
    box = (("x", 0), ("y", -6), ("width", 24), ("height", 12))
    hatched = element("rect", *box, ("fill", f"url(#{ids}-hatch)"), ("stroke", _EVALUATED))
    items.append((hatched, "Stop window from remission"))
    items.append(
        (element("rect", *box, ("fill", _LATER), ("stroke", _GRID)), "After the evaluation date")
    )
    shapes = []
    x, y = float(_LEFT), top + 8
    for swatch, words in items:
        width = 32 + estimated_width(words, _SMALL_SIZE) + 16
        if x + width > _WIDTH - _RIGHT and x > _LEFT:
            x, y = float(_LEFT), y + _LEGEND_ROW
        shapes.append(
            element(
                "g",
                ("transform", f"translate({number(x)},{number(y)})"),
                children=[swatch, text(words, ("x", 32), ("y", 4), ("font-size", _SMALL_SIZE))],
            )
        )
        x += width
    return element("g", ("class", "legend"), children=shapes), y - top + 12
