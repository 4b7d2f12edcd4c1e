"""Serum albumin (``guideline/_albumin.py``, D23, P12, A14): the entry and its units, the
low-albumin alert at a partial remission, and the explanation of a remission.

Boundaries are parametrised ``(just inside, just outside)`` rows; the properties draw values
on and either side of 35 g/L (3.5 g/dL) and of the 4-week window, in both units.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from guideline import (
    Action,
    Albumin,
    AlbuminUnit,
    Alert,
    AssessmentKind,
    CourseError,
    Phase,
    StopReason,
    add_weeks,
    course_from_json,
    plan,
    recommend,
    to_json,
)
from guideline._parameters import ALBUMIN_WINDOW_WEEKS, LOW_ALBUMIN_G_PER_L

from .builders import (
    BASELINE_DAY,
    ONE_DAY,
    T0,
    course,
    days,
    months,
    partial_holding,
    partial_remission_at,
    responder,
    shifted,
)

G_L = AlbuminUnit.G_PER_L
G_DL = AlbuminUnit.G_PER_DL

PARTIAL_ON = months(4)
"""The partial remission of :func:`partial` is confirmed on this date."""


def partial(**extra: object) -> object:
    """Partial remission (2.0 g/day from 6.0) confirmed at month 4, holding monthly to month 30."""
    return partial_holding(**extra)


# --- the entry and its units --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "level"),
    [(35, G_L, 35.0), (3.5, G_DL, 35.0), (3.49, G_DL, 34.9), (0.1, G_DL, 1.0), (9.99, G_DL, 99.9)],
)
def test_albumin_in_g_per_dl_is_ten_times_as_much_in_g_per_l_exactly(
    value: float, unit: AlbuminUnit, level: float
) -> None:
    assert Albumin(T0, value, unit).level == level


@pytest.mark.parametrize(
    ("value", "unit", "accepted"),
    [(99.9, G_L, True), (100, G_L, False), (9.99, G_DL, True), (10, G_DL, False)],
    ids=["just-below-100-g-l", "100-g-l", "just-below-10-g-dl", "10-g-dl"],
)
def test_a_level_no_serum_reaches_is_refused_as_a_unit_written_wrongly(
    value: float, unit: AlbuminUnit, accepted: bool
) -> None:
    if accepted:
        assert Albumin(T0, value, unit).value == value
        return
    with pytest.raises(CourseError, match="check the unit") as error:
        Albumin(T0, value, unit)
    assert error.value.field == "value"
    assert error.value.value == value


@pytest.mark.parametrize(
    ("field", "value", "unit", "reason"),
    [
        ("value", 0, G_L, "above zero"),
        ("value", -3.5, G_DL, "above zero"),
        ("unit", 35, "g/l", "must be one of"),
        ("unit", 35, "mmol/L", "must be one of"),
    ],
)
def test_a_bad_albumin_is_refused_naming_its_field(
    field: str, value: float, unit: object, reason: str
) -> None:
    with pytest.raises(CourseError, match=reason) as error:
        Albumin(T0, value, unit)  # type: ignore[arg-type]
    assert error.value.field == field


def test_units_may_differ_from_value_to_value_and_errors_name_the_position() -> None:
    mixed = course(albumin=[(BASELINE_DAY, 2.5, G_DL), (months(2), 31.0, G_L)])
    assert [item.level for item in mixed.albumin] == [25.0, 31.0]
    document = to_json(mixed)
    assert document["albumin"][0] == {"on": str(BASELINE_DAY), "value": 2.5, "unit": "g/dL"}
    assert course_from_json(document) == mixed
    document["albumin"][1]["unit"] = "mg/dL"
    with pytest.raises(CourseError) as error:
        course_from_json(document)
    assert error.value.field == "albumin[1].unit"
    assert "albumin" not in to_json(course())


# --- the alert at a partial remission ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "alerted"),
    [(35, G_L, True), (35.1, G_L, False), (3.5, G_DL, True), (3.51, G_DL, False)],
    ids=["35-g-l", "35.1-g-l", "3.5-g-dl", "3.51-g-dl"],
)
@pytest.mark.statement("E3")
def test_low_albumin_in_remission_either_side_of_35_g_per_l(
    value: float, unit: AlbuminUnit, alerted: bool
) -> None:
    advice = recommend(partial(albumin=[(PARTIAL_ON, value, unit)]), months(6))
    assert (Alert.LOW_ALBUMIN_IN_REMISSION in advice.alerts) is alerted
    assert ("D23" in advice.interpretations) is alerted


@pytest.mark.parametrize(
    ("measured", "alerted"),
    [
        (add_weeks(PARTIAL_ON, -ALBUMIN_WINDOW_WEEKS), True),
        (add_weeks(PARTIAL_ON, -ALBUMIN_WINDOW_WEEKS) - ONE_DAY, False),
        (add_weeks(PARTIAL_ON, ALBUMIN_WINDOW_WEEKS), True),
        (add_weeks(PARTIAL_ON, ALBUMIN_WINDOW_WEEKS) + ONE_DAY, False),
    ],
    ids=["4-weeks-before", "a-day-earlier", "4-weeks-after", "a-day-later"],
)
def test_the_albumin_that_counts_lies_within_4_weeks_of_the_partial_remission(
    measured: date, alerted: bool
) -> None:
    advice = recommend(partial(albumin=[(measured, 30.0, G_L)]), months(7))
    assert (Alert.LOW_ALBUMIN_IN_REMISSION in advice.alerts) is alerted


def test_the_latest_albumin_in_the_window_is_the_one_that_counts() -> None:
    low_then_normal = [(PARTIAL_ON - timedelta(days=10), 30.0, G_L), (PARTIAL_ON, 40.0, G_L)]
    normal_then_low = [(PARTIAL_ON - timedelta(days=10), 40.0, G_L), (PARTIAL_ON, 30.0, G_L)]
    later_outside = [*normal_then_low, (months(8), 45.0, G_L)]
    assert recommend(partial(albumin=low_then_normal), months(6)).alerts == ()
    assert recommend(partial(albumin=normal_then_low), months(6)).alerts == (
        Alert.LOW_ALBUMIN_IN_REMISSION,
    )
    assert recommend(partial(albumin=later_outside), months(9)).alerts == (
        Alert.LOW_ALBUMIN_IN_REMISSION,
    )


def test_the_alert_changes_neither_the_action_nor_the_review() -> None:
    low = partial(albumin=[(PARTIAL_ON, 30.0, G_L)])
    for on in (PARTIAL_ON, months(6), months(13), months(20)):
        without, marked = recommend(partial(), on), recommend(low, on)
        assert marked.alerts == (Alert.LOW_ALBUMIN_IN_REMISSION,)
        assert (marked.action, marked.rule, marked.next_review, marked.rationale) == (
            without.action,
            without.rule,
            without.next_review,
            without.rationale,
        )


def test_the_alert_lasts_as_long_as_the_partial_remission() -> None:
    deepening = partial(
        albumin=[(PARTIAL_ON, 30.0, G_L)],
        proteinuria=[
            *partial_remission_at(4),
            (months(5), 2.0),
            (months(6), 0.2),
            (days(8, months(6)), 0.2),
        ],
    )
    assert recommend(deepening, months(6)).alerts == (Alert.LOW_ALBUMIN_IN_REMISSION,)
    assert Alert.LOW_ALBUMIN_IN_REMISSION not in recommend(deepening, months(7)).alerts
    relapsed = partial(
        albumin=[(PARTIAL_ON, 30.0, G_L)],
        proteinuria=[*partial_remission_at(4), (months(5), 5.0), (days(8, months(5)), 5.0)],
    )
    assert Alert.LOW_ALBUMIN_IN_REMISSION not in recommend(relapsed, months(6)).alerts


def test_the_alert_stands_off_therapy_while_the_partial_remission_lasts() -> None:
    stopped = partial(albumin=[(PARTIAL_ON, 30.0, G_L)], stops=[(months(8), StopReason.OTHER)])
    advice = recommend(stopped, months(10))
    assert advice.phase is Phase.OFF_THERAPY
    assert advice.alerts == (Alert.LOW_ALBUMIN_IN_REMISSION,)


def test_a_complete_remission_raises_no_alert_and_says_whether_albumin_was_above_35() -> None:
    low = responder(albumin=[(months(5), 3.2, G_DL)])
    advice = recommend(low, months(6))
    assert advice.alerts == ()
    assert (
        f"serum albumin 3.2 g/dL on {months(5)}, at the complete remission of {months(5)}, is at "
        f"or below 35 g/L (3.5 g/dL); published definitions of complete remission also ask for "
        f"a normal albumin (compare with the laboratory's range)"
    ) in advice.explanation
    normal = recommend(responder(albumin=[(months(5), 41.0, G_L)]), months(6))
    assert any("41 g/L" in line and ", is above 35 g/L" in line for line in normal.explanation)
    missing = recommend(responder(albumin=[(months(1), 41.0, G_L)]), months(6))
    assert (
        f"no serum albumin within 4 weeks of the complete remission of {months(5)}; published "
        f"definitions of complete remission also ask for a normal albumin"
    ) in missing.explanation


def test_a_recorded_partial_remission_that_lowers_a_complete_one_is_judged_from_its_date() -> None:
    lowered_on = months(8)
    lowered = responder(
        assessments=[(lowered_on, AssessmentKind.PARTIAL_REMISSION)],
        albumin=[(months(5), 30.0, G_L), (lowered_on, 33.0, G_L)],
    )
    on = days(10, lowered_on)  # before the next values confirm a complete remission again
    advice = recommend(lowered, on)
    assert advice.alerts == (Alert.LOW_ALBUMIN_IN_REMISSION,)
    assert any(f"at the partial remission of {lowered_on}" in x for x in advice.explanation)
    only_before = replace(lowered, albumin=lowered.albumin[:1])
    assert recommend(only_before, on).alerts == ()
    assert recommend(lowered, months(10)).alerts == ()


def test_the_explanation_of_a_partial_remission_names_its_albumin_or_its_absence() -> None:
    advice = recommend(partial(albumin=[(PARTIAL_ON, 30.0, G_L)]), months(6))
    assert (
        f"serum albumin 30 g/L on {PARTIAL_ON}, at the partial remission of {PARTIAL_ON}, is at or "
        f"below 35 g/L (3.5 g/dL): a higher risk of relapse"
    ) in advice.explanation
    above = recommend(partial(albumin=[(PARTIAL_ON, 36.0, G_L)]), months(6))
    assert any(line.endswith("is above 35 g/L (3.5 g/dL)") for line in above.explanation)
    none = recommend(partial(albumin=[(months(9), 36.0, G_L)]), months(10))
    assert f"no serum albumin within 4 weeks of the partial remission of {PARTIAL_ON}" in (
        none.explanation
    )
    assert not any("albumin" in line for line in recommend(partial(), months(6)).explanation)


def test_no_remission_no_albumin_line() -> None:
    trial = course(albumin=[(months(1), 30.0, G_L)], proteinuria=[(months(1), 5.0)])
    advice = recommend(trial, months(1))
    assert advice.action is Action.CONTINUE
    assert not any("albumin" in line for line in advice.explanation)


def test_the_checklist_item_comes_with_albumin_values() -> None:
    item = plan(partial(albumin=[(PARTIAL_ON, 30.0, G_L)]), months(6)).monitoring[-1]
    assert item.topic == "Serum albumin"
    assert item.statements == ("E3", "D23")
    assert "35 g/L (3.5 g/dL) or less" in item.detail
    assert plan(partial(), months(6)).monitoring[-1].topic != "Serum albumin"


# --- properties: both sides of 35 g/L and of the window, in both units ---------------------


@pytest.mark.properties
@given(
    shift=st.integers(-3000, 3000),
    tenths=st.integers(300, 400),
    in_g_per_dl=st.booleans(),
    offset=st.integers(-ALBUMIN_WINDOW_WEEKS * 7 - 3, ALBUMIN_WINDOW_WEEKS * 7 + 3),
    later=st.integers(5 * 7, 700),
)
def test_property_low_albumin_on_both_sides_of_its_thresholds(
    shift: int, tenths: int, in_g_per_dl: bool, offset: int, later: int
) -> None:
    base = shifted(partial(), shift)
    confirmed = base.start + (PARTIAL_ON - T0)
    measured = confirmed + timedelta(days=offset)
    value = tenths / 100 if in_g_per_dl else tenths / 10
    marked = replace(base, albumin=(Albumin(measured, value, G_DL if in_g_per_dl else G_L),))
    on = confirmed + timedelta(days=later)
    without, advice = recommend(base, on), recommend(marked, on)
    low = tenths <= LOW_ALBUMIN_G_PER_L * 10
    inside = abs(offset) <= ALBUMIN_WINDOW_WEEKS * 7
    expected = low and inside
    event(f"alerted: {expected}")
    assert (Alert.LOW_ALBUMIN_IN_REMISSION in advice.alerts) is expected
    assert (advice.action, advice.next_review) == (without.action, without.next_review)
