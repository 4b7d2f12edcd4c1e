"""The shortcuts taken for speed give what their plain definitions give."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    Agent,
    AssessmentKind,
    Course,
    CourseError,
    Parameters,
    ProteinuriaUnit,
    StopReason,
)
from guideline._remission import remission_histories, remission_history
from guideline._therapy import therapy_periods
from guideline._validation import require_member
from guideline.strategies import courses, evaluation_dates, parameters

from .builders import SERIES, complete_remission_at, course

pytestmark = pytest.mark.properties


@st.composite
def dated(draw: st.DrawFn) -> tuple[Course, date]:
    course = draw(courses())
    return course, draw(evaluation_dates(course))


@given(dated())
def test_as_of_equals_the_course_rebuilt_and_validated_from_the_kept_entries(
    case: tuple[Course, date],
) -> None:
    course, on = case
    kept = {name: tuple(e for e in getattr(course, name) if e.on <= on) for name in SERIES}
    rebuilt = replace(course, **kept)
    known = course.as_of(on)
    assert known == rebuilt
    assert type(known) is Course
    for day in (on - timedelta(days=400), on - timedelta(days=30), on):
        assert known.dose_on(day) == rebuilt.dose_on(day)
        assert known.dose_before(day) == rebuilt.dose_before(day)


@given(dated())
def test_as_of_keeps_the_class_of_a_subclass(case: tuple[Course, date]) -> None:
    class Annotated(Course):
        pass

    course, on = case
    annotated = Annotated(**{field.name: getattr(course, field.name) for field in fields(course)})
    assert type(annotated.as_of(on)) is Annotated


@given(dated())
def test_a_period_observes_the_entries_it_holds_up_to_the_date(
    case: tuple[Course, date],
) -> None:
    course, on = case
    for period in therapy_periods(course):
        for name in SERIES:
            series = getattr(course, name)
            plain = tuple(e for e in series if period.holds(e.on) and e.on <= on)
            assert period.observed(series, on) == plain


@given(st.data())
def test_histories_read_in_one_pass_equal_histories_read_one_date_at_a_time(
    data: st.DataObject,
) -> None:
    course = data.draw(courses())
    params = data.draw(parameters())
    dates = sorted(data.draw(st.lists(evaluation_dates(course), min_size=1, max_size=8)))
    for period in therapy_periods(course):
        assert remission_histories(course, period, dates, params) == tuple(
            remission_history(course, period, on, params) for on in dates
        )


def test_histories_read_in_one_pass_keep_a_remission_awaiting_confirmation_on_its_date() -> None:
    first, confirming = (on for on, _ in complete_remission_at(5))
    remitting = course(proteinuria=complete_remission_at(5))
    (period,) = therapy_periods(remitting)
    waiting, confirmed = remission_histories(remitting, period, [first, confirming], Parameters())
    assert (waiting.awaiting, waiting.episodes) == (confirming, ())
    assert (confirmed.awaiting, confirmed.episodes[0].confirmed) == (None, confirming)


@pytest.mark.parametrize("kind", [Agent, AssessmentKind, ProteinuriaUnit, StopReason])
def test_enum_members_are_found_by_value_as_the_enum_finds_them(kind: type) -> None:
    for member in kind:
        assert require_member(CourseError, "x", kind, member.value) is kind(member.value)
        assert require_member(CourseError, "x", kind, member) is member
    some = next(iter(kind)).value
    for junk in ("", some.upper(), 1, None, [some], {}):
        with pytest.raises(ValueError, match="is not a valid"):
            kind(junk)
        with pytest.raises(CourseError, match="must be one of"):
            require_member(CourseError, "x", kind, junk)


def test_json_values_that_need_no_conversion_are_taken_as_they_are() -> None:
    from guideline._json import _as_is, _converter

    assert _converter(float) is _as_is
    assert _converter(float | None)(1.5, "x", CourseError) == 1.5
    assert _converter(float | None)(None, "x", CourseError) is None
