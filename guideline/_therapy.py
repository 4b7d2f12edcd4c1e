"""Periods of therapy: from the first dose, or a restart, to the next restart."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from ._course import Course, Dated, Discontinuation, Proteinuria, entry_date, up_to
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

    def observed(self, series: tuple[Dated, ...], on: date) -> tuple[Dated, ...]:
        """The entries of a date-sorted course series that this period holds, up to ``on``.

        The entries ``e`` with ``self.holds(e.on) and e.on <= on``, found by
        bisection rather than by reading the whole series.
        """
        last = on if self.next_start is None else min(on, self.next_start)
        first = bisect_right(series, self.start, key=entry_date)
        return series[first : bisect_right(series, last, key=entry_date)]


def therapy_periods(course: Course) -> tuple[TherapyPeriod, ...]:
    """Split a course into periods of therapy, one per start or restart (A1)."""
    starts = [(course.start, course.starting_dose_mg_per_day)]
    starts += [(restart.on, restart.dose_mg_per_day) for restart in course.restarts]
    periods = []
    for index, (start, dose) in enumerate(starts):
        next_start = starts[index + 1][0] if index + 1 < len(starts) else None
        baseline = up_to(course.proteinuria, start)[-1]
        stops = [
            stop
            for stop in course.discontinuations
            if stop.on > start and (next_start is None or stop.on < next_start)
        ]
        periods.append(
            TherapyPeriod(start, dose, baseline, stops[0] if stops else None, next_start)
        )
    return tuple(periods)


def period_on(course: Course, on: date) -> TherapyPeriod:
    """The period whose evaluation covers ``on``: the last one started on or before it."""
    return [period for period in therapy_periods(course) if period.start <= on][-1]


implements("A1")(therapy_periods)
