"""Remission and relapse (D4, A2, A3): derived from proteinuria, or recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from guideline import (
    Action,
    AssessmentKind,
    CourseError,
    Parameters,
    Phase,
    RemissionLevel,
    plan,
    recommend,
)
from guideline.examples import REVISION_2

from .builders import complete_remission_at, course, days, in_range_troughs, months, responder

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)


def remission_on(values: list[tuple[object, float]], on: object, **extra: object) -> object:
    return plan(course(proteinuria=values, **extra), on).remission  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "level"),
    [(0.29, RemissionLevel.COMPLETE), (0.3, RemissionLevel.PARTIAL)],
    ids=["0.29-complete", "0.3-partial"],
)
def test_complete_remission_is_below_0_3(value: float, level: RemissionLevel) -> None:
    found = remission_on([(months(3), value), (days(7, months(3)), value)], months(4))
    assert found is not None
    assert found.level is level
    assert found.confirmed == days(7, months(3))
    assert not found.recorded


@pytest.mark.parametrize(
    ("value", "in_remission"), [(3.49, True), (3.5, False)], ids=["3.49", "3.5"]
)
def test_partial_remission_is_below_3_5(value: float, in_remission: bool) -> None:
    values = [(months(3), value), (days(7, months(3)), value)]
    found = plan(course(baseline=10.0, proteinuria=values), months(4)).remission
    assert (found is not None) is in_remission


@pytest.mark.parametrize(
    ("value", "in_remission"), [(3.0, True), (3.01, False)], ids=["50%-fall", "49.8%-fall"]
)
def test_partial_remission_needs_half_the_peak(value: float, in_remission: bool) -> None:
    found = remission_on([(months(3), value), (days(7, months(3)), value)], months(4))
    assert (found is not None) is in_remission


def test_the_peak_is_the_highest_value_from_baseline_on() -> None:
    values = [(months(1), 8.0), (months(3), 3.4), (days(7, months(3)), 3.4)]
    assert plan(course(baseline=4.0, proteinuria=values), months(4)).remission is not None
    flat = [(months(3), 3.4), (days(7, months(3)), 3.4)]
    assert plan(course(baseline=4.0, proteinuria=flat), months(4)).remission is None


@pytest.mark.parametrize(("gap", "confirmed"), [(6, False), (7, True)], ids=["6-days", "7-days"])
def test_confirmation_needs_7_days(gap: int, confirmed: bool) -> None:
    found = remission_on([(months(3), 0.2), (days(gap, months(3)), 0.2)], months(4))
    assert (found is not None) is confirmed


def test_confirmation_gap_is_a_parameter() -> None:
    values = [(months(3), 0.2), (days(7, months(3)), 0.2)]
    longer = Parameters(confirmation_gap_days=8)
    assert plan(course(proteinuria=values), months(4), longer).remission is None


def test_a_run_confirms_on_its_first_value_7_days_after_it_started() -> None:
    values = [(months(3), 0.2), (days(3, months(3)), 0.2), (days(7, months(3)), 0.2)]
    found = remission_on(values, months(4))
    assert found is not None
    assert found.confirmed == days(7, months(3))


def test_a_non_qualifying_value_breaks_the_run() -> None:
    values = [(months(3), 0.2), (days(3, months(3)), 4.0), (days(7, months(3)), 0.2)]
    assert remission_on(values, months(4)) is None


def relapse_course(value: float) -> object:
    values = [*complete_remission_at(3), (months(4), value), (days(7, months(4)), value)]
    return course(proteinuria=values)


@pytest.mark.parametrize(("value", "phase"), [(3.5, Phase.AWAITING_TAPER), (3.51, Phase.RELAPSE)])
def test_relapse_is_above_3_5_confirmed(value: float, phase: Phase) -> None:
    assert recommend(relapse_course(value), days(7, months(4))).phase is phase


def test_a_new_remission_after_a_relapse_is_a_new_episode() -> None:
    values = [
        *complete_remission_at(3),
        (months(4), 5.0),
        (days(7, months(4)), 5.0),
        *complete_remission_at(9),
    ]
    laid_out = plan(course(proteinuria=values), months(10))
    assert laid_out.remission is not None
    assert laid_out.remission.confirmed == months(9)
    # The relapse on the full dose opened a new trial; its taper waits 6 months (P6, D5).
    assert laid_out.trial_start == days(7, months(4))
    assert laid_out.earliest_taper_start == months(6, days(7, months(4)))


def test_recorded_complete_remission_is_taken_as_is() -> None:
    recorded = course(
        assessments=[(months(5), AssessmentKind.COMPLETE_REMISSION)],
        proteinuria=[(months(5), 0.25)],
        troughs=in_range_troughs(),
    )
    found = plan(recorded, months(5)).remission
    assert found is not None
    assert (found.confirmed, found.level, found.recorded) == (
        months(5),
        RemissionLevel.COMPLETE,
        True,
    )
    assert recommend(recorded, months(6)).action is Action.REDUCE_DOSE


def test_recorded_complete_after_partial_upgrades_the_level() -> None:
    recorded = course(
        assessments=[
            (months(4), AssessmentKind.PARTIAL_REMISSION),
            (months(8), AssessmentKind.COMPLETE_REMISSION),
            (months(9), AssessmentKind.COMPLETE_REMISSION),
        ]
    )
    laid_out = plan(recorded, months(9))
    assert laid_out.remission is not None
    assert laid_out.remission.confirmed == months(4)
    assert laid_out.remission.complete_from == months(8)
    assert laid_out.remission.level is RemissionLevel.COMPLETE
    assert laid_out.earliest_taper_start == months(8)


def test_recorded_partial_after_complete_lowers_the_level() -> None:
    recorded = course(
        assessments=[
            (months(4), AssessmentKind.COMPLETE_REMISSION),
            (months(5), AssessmentKind.PARTIAL_REMISSION),
        ]
    )
    found = plan(recorded, months(5)).remission
    assert found is not None
    assert (found.level, found.complete_from) == (RemissionLevel.PARTIAL, None)


def test_an_assessment_wins_over_a_value_on_the_same_day() -> None:
    values = [(months(3), 0.2), (days(7, months(3)), 0.2)]
    recorded = course(
        proteinuria=values, assessments=[(days(7, months(3)), AssessmentKind.NO_REMISSION)]
    )
    assert plan(recorded, months(4)).remission is None


def test_recorded_partial_remission_outranks_low_values() -> None:
    recorded = responder(assessments=[(months(5) + ONE_DAY, AssessmentKind.PARTIAL_REMISSION)])
    advice = recommend(recorded, months(6))
    assert advice.phase is Phase.AWAITING_TAPER
    assert plan(recorded, months(6)).earliest_taper_start == months(12)
    assert advice.next_review == months(9)  # reviewed every 3 months meanwhile (D18)


def test_recorded_no_remission_stops_a_taper_until_fresh_values_confirm_it() -> None:
    overruled = responder(
        assessments=[(months(5) + ONE_DAY, AssessmentKind.NO_REMISSION)],
        proteinuria=[*complete_remission_at(5), (months(7), 0.2), (days(7, months(7)), 0.2)],
    )
    assert recommend(overruled, months(7)).phase is Phase.INITIAL_TRIAL
    assert recommend(overruled, days(7, months(7))).action is Action.REDUCE_DOSE


def test_recorded_no_remission_without_a_remission_changes_nothing() -> None:
    recorded = course(assessments=[(months(3), AssessmentKind.NO_REMISSION)])
    assert recommend(recorded, months(3)).phase is Phase.INITIAL_TRIAL


def test_recorded_relapse_in_remission_ends_it() -> None:
    recorded = course(
        proteinuria=complete_remission_at(3), assessments=[(months(4), AssessmentKind.RELAPSE)]
    )
    advice = recommend(recorded, months(4))
    assert (advice.phase, advice.action) == (Phase.RELAPSE, Action.HOLD_DOSE)


def test_recorded_relapse_without_remission_is_read_as_no_remission() -> None:
    recorded = course(assessments=[(months(4), AssessmentKind.RELAPSE)])
    advice = recommend(recorded, months(5))
    assert (advice.phase, advice.action) == (Phase.INITIAL_TRIAL, Action.CONTINUE)


def test_derived_relapse_then_recorded_relapse_counts_once() -> None:
    values = [*complete_remission_at(3), (months(7), 5.0), (days(7, months(7)), 5.0)]
    tapering = course(
        proteinuria=values,
        doses=[(months(6), 3.0)],
        assessments=[(months(8), AssessmentKind.RELAPSE)],
    )
    advice = recommend(tapering, months(8))
    assert advice.action is Action.RESTORE_DOSE
    assert "relapses on withdrawal or dose reduction so far: 1" in advice.explanation


@pytest.mark.parametrize(
    "values",
    [[], [*complete_remission_at(5)], [*complete_remission_at(5), (months(7), 5.0)]],
    ids=["no-values", "remission", "one-high-value"],
)
def test_the_relapse_flag_is_a_bool_without_a_relapse(values: list) -> None:
    from guideline._remission import remission_history
    from guideline._therapy import period_on

    patient = course(proteinuria=values)
    history = remission_history(patient, period_on(patient, months(8)), months(8), Parameters())
    assert history.relapsed is False


# --- revision 2: situations where the first rules gave unsafe advice -----------------------


def test_mixed_methods_cannot_make_a_remission() -> None:
    """Situation 6: ratios after a 24-hour baseline can no longer make a remission: the
    course is refused, naming the first value of the other method (D16)."""
    with pytest.raises(CourseError) as refused:
        REVISION_2["mixed_methods"].course()
    assert refused.value.field == "proteinuria[1].unit"
    assert "one course uses one method" in refused.value.reason
