"""Calendar arithmetic for every interval in the guideline (decision D1)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

from ._errors import shown
from ._traceability import implements


def add_months(start: date, months: int) -> date:
    """Add calendar months, clamping to the last day of a shorter month.

    Every "N months" in the guideline is counted this way (decision D1):
    31 January plus one month is 28 February, or 29 February in a leap year.

    Args:
        start: The date to count from.
        months: How many calendar months to add; may be negative.

    Returns:
        The same day of the month ``months`` later, or that month's last day.

    Raises:
        TypeError: If ``start`` is not a date (a datetime is refused) or
            ``months`` is not a whole number.
        OverflowError: If the result falls outside the calendar of
            ``datetime.date`` (years 1 to 9999), as date arithmetic itself does.

    Examples:
        >>> from datetime import date
        >>> add_months(date(2025, 1, 31), 1)
        datetime.date(2025, 2, 28)
        >>> add_months(date(2024, 8, 31), 6)
        datetime.date(2025, 2, 28)
    """
    _check(start, months)
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise _outside(start, months, "months")
    day = start.day
    if day > 28:  # every month has 28 days: only a later day may need clamping
        day = min(day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def add_weeks(start: date, weeks: int) -> date:
    """Add whole weeks: "N weeks" is exactly 7·N days (decision D1).

    Args:
        start: The date to count from.
        weeks: How many weeks to add; may be negative.

    Returns:
        The date ``7 * weeks`` days after ``start``.

    Raises:
        TypeError: If ``start`` is not a date or ``weeks`` is not a whole number.
        OverflowError: If the result falls outside the calendar of
            ``datetime.date`` (years 1 to 9999).
    """
    _check(start, weeks)
    try:
        return start + timedelta(weeks=weeks)
    except OverflowError:
        raise _outside(start, weeks, "weeks") from None


def _check(start: object, count: object) -> None:
    if not isinstance(start, date) or isinstance(start, datetime):
        raise TypeError(f"start must be a datetime.date, got {shown(start)}")
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"the count must be a whole number, got {shown(count)}")


def _outside(start: date, count: int, unit: str) -> OverflowError:
    return OverflowError(
        f"{start.isoformat()} moved by {count} {unit} falls outside the calendar "
        f"(years {MINYEAR} to {MAXYEAR})"
    )


@dataclass(frozen=True)
class Window:
    """A span of dates, both ends included.

    A window may be empty (``opens`` after ``closes``) when two rules that
    bound it conflict; see interpretation A8.

    Attributes:
        opens: First date of the window.
        closes: Last date of the window.
    """

    opens: date
    closes: date

    def __contains__(self, day: date) -> bool:
        """Whether ``day`` lies within the window."""
        return self.opens <= day <= self.closes


implements("D1")(add_months)
implements("D1")(add_weeks)
