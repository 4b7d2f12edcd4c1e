"""Anti-PLA2R antibodies (``guideline/_antibodies.py``, D22, P12, A13): the titre entry, the
two alerts and their reviews, the explanation and the checklist item.

Boundaries are parametrised ``(just inside, just outside)`` rows; the properties draw titres
on and either side of their cut-off, and of the 3-month age limit.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    Action,
    Alert,
    CourseError,
    Phase,
    Pla2rTitre,
    StopReason,
    add_months,
    add_weeks,
    course_from_json,
    plan,
    recommend,
    to_json,
)
from guideline._antibodies import ANTIBODY_POSITIVE_AT_STOP, ANTIBODY_REAPPEARED
from guideline._parameters import ANTIBODY_BASELINE_MONTHS, FRESH_MONTHS, SOON_REVIEW_WEEKS
from guideline.examples import complete_responder

from .builders import (
    BASELINE_DAY,
    ONE_DAY,
    T0,
    complete_remission_at,
    course,
    days,
    months,
    responder,
    shifted,
    tapered,
)

WINDOW = months(20)
"""A date in the stop window of the tapered responder: stopping is considered."""

POSITIVE = (BASELINE_DAY, 150.0, 20.0)
"""A positive baseline titre: the course is PLA2R-positive, so its titres are used."""


# --- the titre entry ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cutoff", "positive"),
    [(20.0, 20.0, True), (19.99, 20.0, False), (0.3, 0.3, True), (14, 14.0, True), (0, 0.5, False)],
    ids=["at-cutoff", "just-below", "at-a-cutoff-not-exact-in-binary", "as-integers", "zero"],
)
def test_a_titre_is_positive_from_its_cutoff_up(
    value: float, cutoff: float, positive: bool
) -> None:
    assert Pla2rTitre(T0, value, cutoff).positive is positive


@pytest.mark.parametrize(
    ("field", "value", "cutoff", "reason"),
    [
        ("cutoff", 10.0, 0.0, "above zero"),
        ("cutoff", 10.0, -1.0, "above zero"),
        ("value", -0.5, 20.0, "zero or more"),
        ("value", float("nan"), 20.0, "finite"),
        ("cutoff", 10.0, float("inf"), "finite"),
    ],
)
def test_a_bad_titre_is_refused_naming_its_field(
    field: str, value: float, cutoff: float, reason: str
) -> None:
    with pytest.raises(CourseError, match=reason) as error:
        Pla2rTitre(T0, value, cutoff)
    assert error.value.field == field


def test_a_bad_titre_in_a_course_is_named_by_its_position() -> None:
    document = to_json(course(pla2r=[POSITIVE, (months(1), 30.0, 20.0), (months(2), 10.0, 20.0)]))
    document["pla2r"][2]["value"] = -3
    with pytest.raises(CourseError) as error:
        course_from_json(document)
    assert error.value.field == "pla2r[2].value"
    del document["pla2r"][1]["cutoff"]
    with pytest.raises(CourseError) as error:
        course_from_json(document)
    assert error.value.field == "pla2r[1].cutoff"


def test_titres_may_precede_the_start_and_two_may_not_share_a_date() -> None:
    early = course(pla2r=[(T0 - timedelta(days=400), 80.0, 20.0), POSITIVE])
    assert [titre.on for titre in early.pla2r] == [T0 - timedelta(days=400), BASELINE_DAY]
    with pytest.raises(CourseError) as error:
        course(pla2r=[POSITIVE, (BASELINE_DAY, 10.0, 20.0)])
    assert error.value.field == "pla2r[1].on"


def test_a_course_without_titres_is_written_as_before() -> None:
    assert "pla2r" not in to_json(course())
    written = to_json(course(pla2r=[POSITIVE]))
    assert written["pla2r"] == [{"on": str(BASELINE_DAY), "value": 150.0, "cutoff": 20.0}]
    assert course_from_json(json.loads(json.dumps(written))) == course(pla2r=[POSITIVE])


# --- (a) a positive titre when stopping is considered -------------------------------------


@pytest.mark.parametrize(
    ("titre", "alerted"),
    [
        ((WINDOW, 20.0, 20.0), True),
        ((WINDOW, 19.99, 20.0), False),
        ((add_months(WINDOW, -FRESH_MONTHS), 25.0, 20.0), True),
        ((add_months(WINDOW, -FRESH_MONTHS) - ONE_DAY, 25.0, 20.0), False),
    ],
    ids=["at-cutoff", "just-below-cutoff", "exactly-3-months-old", "a-day-older"],
)
@pytest.mark.statement("C3")
def test_antibody_positive_at_stop_either_side_of_cutoff_and_age(
    titre: tuple[date, float, float], alerted: bool
) -> None:
    advice = recommend(tapered(pla2r=[POSITIVE, titre]), WINDOW)
    assert advice.action is Action.CONSIDER_DISCONTINUATION
    assert (Alert.ANTIBODY_POSITIVE_AT_STOP in advice.alerts) is alerted
    assert ("D22" in advice.interpretations) is alerted


def test_a_positive_titre_at_stop_asks_for_a_review_within_4_weeks_and_nothing_else() -> None:
    without = recommend(tapered(), WINDOW)
    marked = recommend(tapered(pla2r=[POSITIVE, (months(19), 60.0, 20.0)]), WINDOW)
    assert marked.alerts == (Alert.ANTIBODY_POSITIVE_AT_STOP,)
    assert marked.next_review == add_weeks(WINDOW, SOON_REVIEW_WEEKS) < without.next_review
    assert (marked.action, marked.rule, marked.rationale, marked.dose_mg_per_day) == (
        without.action,
        without.rule,
        without.rationale,
        without.dose_mg_per_day,
    )
    assert {"C3", "R2"} <= set(marked.statements)


@pytest.mark.parametrize(
    ("on", "extra"),
    [
        (months(18), {}),
        (WINDOW, {"proteinuria": [(months(5) - timedelta(days=7), 0.2), (months(5), 0.2)]}),
    ],
    ids=["maintenance", "stop-held-for-old-values"],
)
def test_a_positive_titre_raises_nothing_when_stopping_is_not_advised(
    on: date, extra: dict[str, object]
) -> None:
    advice = recommend(tapered(pla2r=[POSITIVE, (months(17), 60.0, 20.0)], **extra), on)
    assert advice.action is not Action.CONSIDER_DISCONTINUATION
    assert Alert.ANTIBODY_POSITIVE_AT_STOP not in advice.alerts
    assert not ANTIBODY_POSITIVE_AT_STOP(_status(tapered(pla2r=[POSITIVE], **extra), on))


def test_the_last_withdrawal_step_counts_as_considering_a_stop() -> None:
    withdrawn = replace(
        complete_responder(),
        discontinuations=(),
        pla2r=(Pla2rTitre(date(2025, 1, 10), 90.0, 20.0), Pla2rTitre(date(2026, 10, 1), 40, 20)),
    )
    advice = recommend(withdrawn, date(2026, 11, 15))
    assert advice.phase is Phase.WITHDRAWAL
    assert advice.action is Action.CONSIDER_DISCONTINUATION
    assert Alert.ANTIBODY_POSITIVE_AT_STOP in advice.alerts


@pytest.mark.parametrize(
    ("baseline_day", "used"),
    [
        (add_months(T0, -ANTIBODY_BASELINE_MONTHS), False),
        (add_months(T0, -ANTIBODY_BASELINE_MONTHS) - ONE_DAY, True),
        (T0, False),
    ],
    ids=["negative-3-months-before", "negative-a-day-earlier", "negative-on-the-start"],
)
def test_a_negative_baseline_titre_means_the_titres_are_not_used(
    baseline_day: date, used: bool
) -> None:
    titres = [(baseline_day, 1.0, 20.0), (months(19), 60.0, 20.0)]
    advice = recommend(tapered(pla2r=titres), WINDOW)
    assert (Alert.ANTIBODY_POSITIVE_AT_STOP in advice.alerts) is used
    negative = [line for line in advice.explanation if "PLA2R-negative" in line]
    assert bool(negative) is not used


# --- (b) a titre that comes back in remission ---------------------------------------------


def _status(course_: object, on: date) -> object:
    from guideline import DEFAULTS
    from guideline._status import course_status

    return course_status(course_, on, DEFAULTS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("titres", "alerted"),
    [
        ([POSITIVE, (months(4), 5.0, 20.0), (months(8), 20.0, 20.0)], True),
        ([POSITIVE, (months(4), 5.0, 20.0), (months(8), 19.99, 20.0)], False),
        ([POSITIVE, (months(4), 30.0, 20.0), (months(8), 25.0, 20.0)], False),
        ([(T0 - timedelta(days=200), 5.0, 20.0), POSITIVE, (months(8), 25.0, 20.0)], False),
        (
            [POSITIVE, (months(4), 5.0, 20.0), (months(6), 30.0, 20.0), (months(8), 40.0, 20.0)],
            True,
        ),
        (
            [POSITIVE, (months(4), 5.0, 20.0), (months(6), 30.0, 20.0), (months(8), 5.0, 20.0)],
            False,
        ),
        ([POSITIVE, (months(4), 30.0, 100.0), (months(8), 30.0, 14.0)], True),
    ],
    ids=[
        "back-at-cutoff",
        "just-below-cutoff",
        "never-negative-since-the-start",
        "negative-only-before-the-start",
        "still-positive-at-the-next-titre",
        "negative-again",
        "same-value-another-laboratory",
    ],
)
@pytest.mark.statement("E3")
def test_antibody_reappeared_in_remission(
    titres: list[tuple[date, float, float]], alerted: bool
) -> None:
    advice = recommend(responder(pla2r=titres), months(8))
    assert advice.phase is not Phase.INITIAL_TRIAL
    assert (Alert.ANTIBODY_REAPPEARED in advice.alerts) is alerted


def test_a_titre_that_came_back_asks_for_a_review_within_4_weeks() -> None:
    titres = [POSITIVE, (months(4), 5.0, 20.0), (months(8), 30.0, 20.0)]
    without = recommend(tapered(), months(9))
    marked = recommend(tapered(pla2r=titres), months(9))
    assert marked.alerts == (Alert.ANTIBODY_REAPPEARED,)
    assert without.next_review > add_weeks(months(9), SOON_REVIEW_WEEKS) == marked.next_review
    assert marked.action is without.action
    assert "E3" in marked.statements


def test_a_titre_that_came_back_needs_a_remission() -> None:
    titres = [POSITIVE, (months(2), 5.0, 20.0), (months(3), 30.0, 20.0)]
    trial = course(pla2r=titres, proteinuria=[(months(2), 5.0), (months(3), 5.0)])
    advice = recommend(trial, months(3))
    assert advice.phase is Phase.INITIAL_TRIAL
    assert Alert.ANTIBODY_REAPPEARED not in advice.alerts
    assert not ANTIBODY_REAPPEARED(_status(trial, months(3)))


def test_a_titre_that_comes_back_off_therapy_raises_the_alert_before_proteinuria_rises() -> None:
    stopped = tapered(
        stops=[(months(20), StopReason.PLANNED)],
        pla2r=[POSITIVE, (months(10), 4.0, 20.0), (months(22), 35.0, 20.0)],
    )
    advice = recommend(stopped, months(22))
    assert advice.action is Action.MONITOR_OFF_THERAPY
    assert advice.alerts == (Alert.ANTIBODY_REAPPEARED,)
    assert advice.next_review == add_weeks(months(22), SOON_REVIEW_WEEKS)
    assert recommend(replace(stopped, pla2r=()), months(22)).next_review > advice.next_review


def test_a_titre_dated_after_the_evaluation_changes_nothing() -> None:
    titres = [POSITIVE, (months(4), 5.0, 20.0), (days(1, months(8)), 30.0, 20.0)]
    assert recommend(responder(pla2r=titres), months(8)) == recommend(
        responder(pla2r=titres[:2]), months(8)
    )


# --- (c) the explanation, and (d) the checklist --------------------------------------------


def test_the_explanation_gives_the_latest_titre_against_its_cutoff_and_the_baseline() -> None:
    titres = [POSITIVE, (months(3), 30.0, 20.0)]
    lines = recommend(course(pla2r=titres, proteinuria=[(months(3), 4.0)]), months(3)).explanation
    assert (
        f"anti-PLA2R 30 RU/mL on {months(3)}, at or above its cut-off 20 RU/mL; 80.0% below "
        f"the baseline 150 RU/mL of {BASELINE_DAY}"
    ) in lines
    assert any(line.startswith("in a post hoc analysis of the MENTOR trial") for line in lines)


def test_the_explanation_outside_the_trial_leaves_out_the_trial_note() -> None:
    titres = [POSITIVE, (months(4), 5.0, 20.0), (months(8), 30.0, 20.0)]
    lines = recommend(responder(pla2r=titres), add_months(months(8), 4)).explanation
    (line,) = [line for line in lines if "PLA2R" in line]
    assert line == (
        f"anti-PLA2R 30 RU/mL on {months(8)}, at or above its cut-off 20 RU/mL, more than "
        f"{FRESH_MONTHS} months old; 80.0% below the baseline 150 RU/mL of {BASELINE_DAY}; "
        f"positive again since {months(8)}, after a negative titre"
    )


def test_the_explanation_says_when_there_is_no_baseline_titre() -> None:
    advice = recommend(course(pla2r=[(months(1), 0.0, 2.0)]), months(1))
    assert any("no titre within 3 months before the trial's start" in x for x in advice.explanation)
    assert not any("below the baseline" in line for line in advice.explanation)


def test_a_rising_titre_is_stated_as_above_the_baseline() -> None:
    titres = [POSITIVE, (months(2), 300.0, 20.0)]
    advice = recommend(course(pla2r=titres), months(2))
    assert any("100.0% above the baseline 150 RU/mL" in line for line in advice.explanation)


@pytest.mark.parametrize(
    ("titres", "stated"),
    [
        pytest.param(
            [(BASELINE_DAY, 0.8, 0.5), (months(2), 0.4, 0.5)],
            f"50.0% below the baseline 0.8 RU/mL of {BASELINE_DAY}",
            id="baseline-below-1-ru-ml",
        ),
        pytest.param(
            [POSITIVE, (months(2), 150.0, 20.0)],
            f"the same as the baseline 150 RU/mL of {BASELINE_DAY}",
            id="unchanged",
        ),
        pytest.param(
            [POSITIVE, (months(2), 149.0, 20.0)],
            f"0.7% below the baseline 150 RU/mL of {BASELINE_DAY}",
            id="just-below",
        ),
        pytest.param(
            [POSITIVE, (months(2), 151.0, 20.0)],
            f"0.7% above the baseline 150 RU/mL of {BASELINE_DAY}",
            id="just-above",
        ),
    ],
)
def test_the_change_from_the_baseline_titre_is_stated_with_its_direction(
    titres: list[tuple[date, float, float]], stated: str
) -> None:
    lines = recommend(course(pla2r=titres), months(2)).explanation
    (line,) = [line for line in lines if line.startswith("anti-PLA2R")]
    assert line.endswith(f"; {stated}")


def test_a_zero_baseline_titre_of_a_new_trial_gives_no_percentage() -> None:
    """A restart opens a new trial whose baseline is the titre in the 3 months before it; a
    baseline of zero gives no percentage (there is nothing to divide by), the line stands."""
    restart = days(10, months(23))
    restarted = tapered(
        stops=[(months(20), StopReason.PLANNED)],
        restarts=[(restart, 4.0)],
        proteinuria=[
            *complete_remission_at(5),
            (months(23), 4.0),
            (days(8, months(23)), 4.0),
            (months(24), 3.0),
        ],
        troughs=[*((months(n), 6.0) for n in range(1, 20)), (months(24), 6.0)],
        pla2r=[POSITIVE, (months(22), 0.0, 20.0), (months(24), 40.0, 20.0)],
    )
    advice = recommend(restarted, months(24))
    assert advice.phase is Phase.INITIAL_TRIAL
    (line,) = [line for line in advice.explanation if line.startswith("anti-PLA2R")]
    assert line == (
        f"anti-PLA2R 40 RU/mL on {months(24)}, at or above its cut-off 20 RU/mL; positive "
        f"again since {months(24)}, after a negative titre"
    )


def test_no_titre_no_line_and_no_checklist_item() -> None:
    assert not any("PLA2R" in line for line in recommend(tapered(), WINDOW).explanation)
    assert [item.topic for item in plan(tapered(), WINDOW).monitoring][-1] != "Anti-PLA2R titre"


def test_the_checklist_asks_for_titres_at_baseline_3_and_6_months_and_before_a_stop() -> None:
    item = plan(tapered(pla2r=[POSITIVE]), WINDOW).monitoring[-1]
    assert item.topic == "Anti-PLA2R titre"
    assert item.statements == ("E3", "D22")
    assert "at baseline, at months 3 and 6 and before any stop" in item.detail
    assert "our reading of KDIGO 2021" in item.detail
    negative = plan(tapered(pla2r=[(BASELINE_DAY, 1.0, 20.0)]), WINDOW).monitoring[-1]
    assert negative.detail.startswith("Negative at baseline: PLA2R-negative")


# --- properties: both sides of the cut-off and of the age limit ---------------------------

CUTOFFS = st.one_of(st.sampled_from([2.0, 14.0, 20.0]), st.floats(0.5, 1000.0))


def _just_below(cutoff: float) -> float:
    import math

    return math.nextafter(cutoff, 0.0)


@pytest.mark.properties
@given(
    shift=st.integers(-3000, 3000),
    cutoff=CUTOFFS,
    at_or_above=st.booleans(),
    age=st.integers(0, 120),
    later=st.integers(0, 200),
)
def test_property_antibody_positive_at_stop_on_both_sides_of_its_thresholds(
    shift: int, cutoff: float, at_or_above: bool, age: int, later: int
) -> None:
    base = shifted(tapered(), shift)
    on = months(19, base.start) + timedelta(days=later)
    value = cutoff if at_or_above else _just_below(cutoff)
    measured = on - timedelta(days=age)
    marked = replace(
        base,
        pla2r=(
            Pla2rTitre(base.start - timedelta(days=5), cutoff * 3, cutoff),
            Pla2rTitre(measured, value, cutoff),
        ),
    )
    without, advice = recommend(base, on), recommend(marked, on)
    recent = measured >= add_months(on, -FRESH_MONTHS)
    expected = without.action is Action.CONSIDER_DISCONTINUATION and at_or_above and recent
    assert (Alert.ANTIBODY_POSITIVE_AT_STOP in advice.alerts) is expected
    assert advice.action is without.action
    soon = add_weeks(on, SOON_REVIEW_WEEKS)
    assert advice.next_review == (
        min(without.next_review, soon) if expected else without.next_review
    )


@pytest.mark.properties
@given(
    shift=st.integers(-3000, 3000),
    cutoffs=st.lists(CUTOFFS, min_size=3, max_size=3),
    low=st.booleans(),
    back=st.booleans(),
    month=st.integers(6, 30),
)
def test_property_antibody_reappeared_on_both_sides_of_the_cutoff(
    shift: int, cutoffs: list[float], low: bool, back: bool, month: int
) -> None:
    first, middle, last = cutoffs
    between = _just_below(middle) if low else middle
    final = last if back else _just_below(last)
    titres = [
        (BASELINE_DAY, first * 2, first),
        (months(4), between, middle),
        (days(3, months(5)), final, last),
    ]
    marked = shifted(responder(pla2r=titres), shift)
    advice = recommend(marked, months(month, marked.start))
    assert (Alert.ANTIBODY_REAPPEARED in advice.alerts) is (low and back)
