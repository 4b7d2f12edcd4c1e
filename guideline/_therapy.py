"""Periods of therapy: from the first dose, or a restart, to the next restart."""

from __future__ import annotations

import typing
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from ._course import Course, Dated, Discontinuation, Proteinuria, entry_date, latest
from ._traceability import implements


@dataclass(frozen=True)
class TherapyPeriod:
    """A stretch of CNI therapy that begins at the start or at a restart (A1).

    Attributes:
        start: The period's t0: first dose, or restart date.
        starting_dose_mg_per_day: Dose at that date; the taper aims at half of it.
        baseline: Last proteinuria value on or before ``start``.
        stop: The discontinuation within the period, if any.
        next_start: Date of the next restart, if there is one; the period
            ends the day before.
    """

    start: date
    starting_dose_mg_per_day: float
    baseline: Proteinuria
    stop: Discontinuation | None
    next_start: date | None

    def holds(self, on: date) -> bool:
        """Whether an entry dated ``on`` belongs to this period's observations.

        Entries dated on the next restart still belong here: they are what
        led to the restart.
        """
        return self.start < on and (self.next_start is None or on <= self.next_start)

    def observed(
        self, series: tuple[Dated, ...], on: date, since: date | None = None
    ) -> tuple[Dated, ...]:
        """The entries of a date-sorted course series that this period holds, up to ``on``.

        The entries ``e`` with ``self.holds(e.on) and e.on <= on`` (and dated
        after ``since`` when given), found by bisection rather than by reading
        the whole series.
        """
        last = on if self.next_start is None else min(on, self.next_start)
        first = bisect_right(series, max(self.start, since or self.start), key=entry_date)
        return series[first : bisect_right(series, last, key=entry_date)]


def therapy_periods(course: Course) -> tuple[TherapyPeriod, ...]:
    """Split a course into periods of therapy, one per start or restart (A1).

    Stops and restarts alternate (the course checks it), so the stop of a
    period is the first stop after its start, found by bisection; the periods
    are worked out once per course.
    """
    memo = course.memo
    if "periods" not in memo:
        memo["periods"] = _periods(course)
    return typing.cast(tuple[TherapyPeriod, ...], memo["periods"])


def _periods(course: Course) -> tuple[TherapyPeriod, ...]:
    starts = [(course.start, course.starting_dose_mg_per_day)]
    starts += [(restart.on, restart.dose_mg_per_day) for restart in course.restarts]
    periods = []
    stops = course.discontinuations
    for index, (start, dose) in enumerate(starts):
        next_start = starts[index + 1][0] if index + 1 < len(starts) else None
        baseline = latest(course.proteinuria, start)
        assert baseline is not None  # the course requires one on or before its start
        stop = stops[index] if index < len(stops) else None  # they alternate with restarts
        periods.append(TherapyPeriod(start, dose, baseline, stop, next_start))
    return tuple(periods)


def period_on(course: Course, on: date) -> TherapyPeriod:
    """The period whose evaluation covers ``on``: the last one started on or before it."""
    periods = therapy_periods(course)
    return periods[bisect_right(periods, on, key=lambda period: period.start) - 1]


implements("A1")(therapy_periods)
