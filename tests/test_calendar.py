"""Calendar arithmetic (decision D1): months clamp to the month's end, weeks are 7 days."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from guideline import Window, add_months, add_weeks

from .builders import T0

# --------------------------------------------------------------------------------------------
# add_months
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 28), id="jan31+1-common-year"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="jan31+1-leap-year"),
        pytest.param(date(2024, 8, 31), 6, date(2025, 2, 28), id="aug31+6-into-common-year"),
        pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="aug31+6-into-leap-year"),
        pytest.param(date(2025, 3, 31), -1, date(2025, 2, 28), id="mar31-1-common-year"),
        pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="mar31-1-leap-year"),
        pytest.param(date(2025, 5, 31), -1, date(2025, 4, 30), id="may31-1"),
        pytest.param(date(2025, 1, 31), 2, date(2025, 3, 31), id="jan31+2-no-clamp"),
        pytest.param(date(2025, 1, 31), 3, date(2025, 4, 30), id="jan31+3-clamp-to-30"),
    ],
)
def test_add_months_clamps_to_the_last_day_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2024, 12, 15), 1, date(2025, 1, 15), id="dec+1"),
        pytest.param(date(2024, 12, 31), 1, date(2025, 1, 31), id="dec31+1"),
        pytest.param(date(2024, 12, 31), 2, date(2025, 2, 28), id="dec31+2-clamped"),
        pytest.param(date(2024, 11, 30), 14, date(2026, 1, 30), id="nov+14-two-years"),
        pytest.param(date(2025, 1, 15), 120, date(2035, 1, 15), id="plus-ten-years"),
    ],
)
def test_add_months_rolls_the_year_forward(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2025, 1, 15), -1, date(2024, 12, 15), id="jan-1-rolls-year-back"),
        pytest.param(date(2025, 1, 31), -2, date(2024, 11, 30), id="jan31-2-clamped"),
        pytest.param(date(2025, 6, 15), -13, date(2024, 5, 15), id="minus-13"),
        pytest.param(date(2025, 2, 28), -12, date(2024, 2, 28), id="feb28-12"),
        pytest.param(date(2025, 6, 15), -24, date(2023, 6, 15), id="minus-24"),
    ],
)
def test_add_months_accepts_negative_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    "start",
    [date(2025, 1, 1), date(2025, 1, 31), date(2024, 2, 29), date(2025, 12, 31)],
    ids=str,
)
def test_add_zero_months_is_identity(start: date) -> None:
    assert add_months(start, 0) == start


def test_twelve_months_from_leap_day_is_feb_28() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_forty_eight_months_from_leap_day_is_leap_day() -> None:
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_add_months_is_not_associative_across_a_clamp() -> None:
    # Counting from the start each time (as the guideline does) differs from chaining.
    start = date(2025, 1, 31)
    assert add_months(add_months(start, 1), 1) == date(2025, 3, 28)
    assert add_months(start, 2) == date(2025, 3, 31)


def _clamp_pairs() -> list[object]:
    """For each month shorter than 31 days: the last unclamped day and the first clamped one."""
    cases = []
    for year in (2024, 2025):
        for month in range(2, 13):
            length = calendar.monthrange(year, month)[1]
            if length == 31:
                continue
            source_month = month - 1
            target_end = date(year, month, length)
            name = f"{calendar.month_abbr[source_month].lower()}{year}"
            cases.append(
                pytest.param(
                    date(year, source_month, length),
                    target_end,
                    False,
                    id=f"{name}-day{length}-unclamped",
                )
            )
            cases.append(
                pytest.param(
                    date(year, source_month, length + 1),
                    target_end,
                    True,
                    id=f"{name}-day{length + 1}-clamped",
                )
            )
    return cases


@pytest.mark.parametrize(("start", "expected", "clamped"), _clamp_pairs())
def test_add_one_month_either_side_of_the_clamp(start: date, expected: date, clamped: bool) -> None:
    result = add_months(start, 1)
    assert result == expected
    assert (result.day != start.day) is clamped


def test_jan_28_plus_one_is_feb_28_unclamped_in_2025() -> None:
    assert add_months(date(2025, 1, 28), 1) == date(2025, 2, 28)


def test_jan_29_plus_one_is_feb_28_clamped_in_2025() -> None:
    assert add_months(date(2025, 1, 29), 1) == date(2025, 2, 28)


def test_jan_29_plus_one_is_feb_29_unclamped_in_2024() -> None:
    assert add_months(date(2024, 1, 29), 1) == date(2024, 2, 29)


def test_jan_30_plus_one_is_feb_29_clamped_in_2024() -> None:
    assert add_months(date(2024, 1, 30), 1) == date(2024, 2, 29)


def test_add_months_round_trips_for_days_every_month_has() -> None:
    start = date(2024, 1, 1)
    for offset in range(366 * 2):
        day = start + timedelta(days=offset)
        if day.day > 28:
            continue
        for months in (-25, -12, -1, 1, 6, 12, 25):
            moved = add_months(day, months)
            assert moved.day == day.day
            assert add_months(moved, -months) == day


def test_add_months_result_is_always_in_the_target_month() -> None:
    start = date(2023, 1, 1)
    for offset in range(365 * 3):
        day = start + timedelta(days=offset)
        for months in (-7, 1, 6, 13):
            moved = add_months(day, months)
            year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
            assert (moved.year, moved.month) == (year, month_index + 1)
            assert moved.day == min(day.day, calendar.monthrange(moved.year, moved.month)[1])


# --------------------------------------------------------------------------------------------
# add_weeks
# --------------------------------------------------------------------------------------------


def test_four_weeks_is_28_days() -> None:
    assert add_weeks(date(2025, 1, 15), 4) == date(2025, 2, 12)
    assert (add_weeks(date(2025, 1, 15), 4) - date(2025, 1, 15)).days == 28


def test_eight_weeks_is_56_days_not_two_months() -> None:
    start = date(2025, 1, 15)
    assert add_weeks(start, 8) == start + timedelta(days=56)
    assert add_weeks(start, 8) != add_months(start, 2)


def test_negative_weeks_count_back() -> None:
    assert add_weeks(date(2025, 1, 15), -2) == date(2025, 1, 1)
    assert add_weeks(date(2025, 1, 15), -4) == date(2024, 12, 18)


def test_zero_weeks_is_identity() -> None:
    assert add_weeks(date(2024, 2, 29), 0) == date(2024, 2, 29)


def test_weeks_cross_a_leap_day() -> None:
    assert add_weeks(date(2024, 2, 22), 1) == date(2024, 2, 29)
    assert add_weeks(date(2025, 2, 22), 1) == date(2025, 3, 1)


@pytest.mark.parametrize("weeks", range(-60, 61, 7))
def test_weeks_are_exactly_seven_days(weeks: int) -> None:
    start = date(2025, 1, 15)
    assert (add_weeks(start, weeks) - start).days == 7 * weeks


# --------------------------------------------------------------------------------------------
# Window
# --------------------------------------------------------------------------------------------

OPENS = date(2025, 3, 1)
CLOSES = date(2025, 3, 31)
WINDOW = Window(OPENS, CLOSES)
ONE_DAY = timedelta(days=1)


def test_window_includes_the_day_it_opens() -> None:
    assert OPENS in WINDOW


def test_window_includes_the_day_it_closes() -> None:
    assert CLOSES in WINDOW


def test_window_includes_a_day_inside() -> None:
    assert date(2025, 3, 15) in WINDOW


def test_window_excludes_the_day_before_it_opens() -> None:
    assert OPENS - ONE_DAY not in WINDOW


def test_window_excludes_the_day_after_it_closes() -> None:
    assert CLOSES + ONE_DAY not in WINDOW


def test_one_day_window_contains_only_that_day() -> None:
    window = Window(OPENS, OPENS)
    assert OPENS in window
    assert OPENS - ONE_DAY not in window
    assert OPENS + ONE_DAY not in window


def test_empty_window_contains_no_day() -> None:
    window = Window(CLOSES, OPENS)
    for offset in range(-1, 32):
        assert OPENS + timedelta(days=offset) not in window


@pytest.mark.parametrize(
    ("start", "count"),
    [
        (datetime(2025, 1, 31, 12, 0), 1),
        ("2025-01-31", 1),
        (date(2025, 1, 31), 1.0),
        (date(2025, 1, 31), True),
    ],
    ids=["datetime", "string", "float-count", "bool-count"],
)
def test_calendar_arithmetic_refuses_bad_input(start: object, count: object) -> None:
    with pytest.raises(TypeError):
        add_months(start, count)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_weeks(start, count)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: add_months("2025-01-31", 1), '"2025-01-31"'),  # type: ignore[arg-type]
        (lambda: add_weeks(T0, 1.5), "1.5"),  # type: ignore[arg-type]
    ],
    ids=["start-as-text", "fractional-weeks"],
)
def test_calendar_type_errors_name_the_bad_argument(call: Callable[[], date], named: str) -> None:
    with pytest.raises(TypeError) as err:
        call()
    assert named in str(err.value)


@pytest.mark.parametrize(
    ("add", "start", "count", "expected"),
    [
        pytest.param(add_months, date(9999, 11, 30), 1, date(9999, 12, 30), id="months-last-in"),
        pytest.param(add_months, date(9999, 12, 1), 1, None, id="months-past-the-end"),
        pytest.param(add_months, date.max, 1, None, id="months-from-date-max"),
        pytest.param(add_months, date(1, 2, 28), -1, date(1, 1, 28), id="months-first-in"),
        pytest.param(add_months, date(1, 1, 31), -1, None, id="months-before-the-start"),
        pytest.param(add_months, date(2025, 1, 15), 10**20, None, id="months-far-too-many"),
        pytest.param(add_weeks, date(9999, 12, 24), 1, date(9999, 12, 31), id="weeks-last-in"),
        pytest.param(add_weeks, date(9999, 12, 25), 1, None, id="weeks-past-the-end"),
        pytest.param(add_weeks, date.max, 1, None, id="weeks-from-date-max"),
        pytest.param(add_weeks, date(1, 1, 8), -1, date(1, 1, 1), id="weeks-first-in"),
        pytest.param(add_weeks, date(1, 1, 7), -1, None, id="weeks-before-the-start"),
        pytest.param(add_weeks, date(2025, 1, 15), 10**20, None, id="weeks-far-too-many"),
    ],
)
def test_calendar_arithmetic_past_either_end_of_the_calendar_raises_overflow_error(
    add: Callable[[date, int], date], start: date, count: int, expected: date | None
) -> None:
    if expected is not None:
        assert add(start, count) == expected
        return
    with pytest.raises(OverflowError) as raised:
        add(start, count)
    unit = "months" if add is add_months else "weeks"
    assert str(raised.value) == (
        f"{start.isoformat()} moved by {count} {unit} falls outside the calendar (years 1 to 9999)"
    )
