"""The taper (``guideline/_taper.py``): when it may start, its steps, and when the reduced
dose is reached (G3, B3, C1, D5, D6, A6).

Boundaries are parametrised ``(just inside, just outside)`` rows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guideline import Action, Agent, Parameters, Phase, add_weeks, plan, recommend
from guideline.examples import REVISION_2

from .builders import (
    ONE_DAY,
    complete_remission_at,
    course,
    days,
    in_range_troughs,
    months,
    partial_remission_at,
    responder,
    tapered,
)

# --- when the taper may start: month 6 in complete, month 12 in partial remission (D5) -----


@pytest.mark.statement("B1", "C1", "G3")
def test_reduce_dose_from_month_6_in_complete_remission_not_the_day_before() -> None:
    before = recommend(responder(), months(6) - ONE_DAY)
    on = recommend(responder(), months(6))
    assert (before.action, before.phase) == (Action.CONTINUE, Phase.AWAITING_TAPER)
    assert before.next_review == months(6)
    assert (on.action, on.phase) == (Action.REDUCE_DOSE, Phase.TAPER)
    assert on.dose_mg_per_day == 3.0
    assert on.next_review == months(6) + timedelta(weeks=4)
    assert "G3" in on.statements


@pytest.mark.statement("B3", "G2")
def test_partial_remission_waits_for_month_12() -> None:
    holding = [(months(n), 2.0) for n in range(5, 13)]
    partial = course(proteinuria=[*partial_remission_at(4), *holding], troughs=in_range_troughs())
    before = recommend(partial, months(12) - ONE_DAY)
    assert (before.action, before.phase) == (Action.CONTINUE, Phase.AWAITING_TAPER)
    assert before.next_review == months(12)
    assert "G2" in before.statements
    assert recommend(partial, months(12)).action is Action.REDUCE_DOSE


def test_late_complete_remission_tapers_from_its_own_date() -> None:
    late = course(proteinuria=complete_remission_at(8), troughs=in_range_troughs())
    assert recommend(late, months(8) - ONE_DAY).phase is Phase.INITIAL_TRIAL
    assert recommend(late, months(8)).action is Action.REDUCE_DOSE


def test_partial_remission_that_becomes_complete_tapers_from_the_complete_date() -> None:
    deepening = course(
        proteinuria=[*partial_remission_at(3), *complete_remission_at(9)],
        troughs=in_range_troughs(),
    )
    assert recommend(deepening, months(9) - ONE_DAY).action is Action.CONTINUE
    assert recommend(deepening, months(9)).action is Action.REDUCE_DOSE


@pytest.mark.parametrize(
    ("start", "six_months"),
    [(date(2025, 8, 31), date(2026, 2, 28)), (date(2023, 8, 31), date(2024, 2, 29))],
    ids=["aug-31", "aug-31-to-leap-day"],
)
def test_month_end_starts_clamp_the_taper_start(start: date, six_months: date) -> None:
    early = course(start=start, proteinuria=complete_remission_at(5, start))
    assert recommend(early, six_months - ONE_DAY).action is Action.CONTINUE
    assert recommend(early, six_months).action is Action.REDUCE_DOSE


def test_leap_day_start_counts_to_the_end_of_february() -> None:
    start = date(2024, 2, 29)
    early = course(start=start, proteinuria=complete_remission_at(5, start))
    assert recommend(early, date(2024, 8, 28)).action is Action.CONTINUE
    assert recommend(early, date(2024, 8, 29)).action is Action.REDUCE_DOSE


# --- the steps: a quarter of the starting dose, at least 4 weeks apart (C1, D6) -----------


@pytest.mark.parametrize(
    ("gap", "action"),
    [(27, Action.CONTINUE), (28, Action.REDUCE_DOSE)],
    ids=["4-weeks-minus-a-day", "4-weeks"],
)
@pytest.mark.statement("C1")
def test_taper_steps_at_least_4_weeks_apart(gap: int, action: Action) -> None:
    stepped = responder(doses=[(months(6), 3.0)])
    advice = recommend(stepped, days(gap, months(6)))
    assert advice.action is action
    if action is Action.CONTINUE:
        assert advice.next_review == days(28, months(6))
    else:
        assert advice.dose_mg_per_day == 2.0


def test_a_dose_adjustment_during_the_taper_does_not_restart_the_step_interval() -> None:
    adjusted = tapered(doses=[(months(6), 3.0)], adjustments=[(days(14, months(6)), 3.2)])
    due = add_weeks(months(6), 4)
    advice = recommend(adjusted, due, Parameters(tacrolimus_dose_step_mg=0.1))
    assert (advice.action, advice.dose_mg_per_day) == (Action.REDUCE_DOSE, 2.2)
    assert f"last taper step on {months(6)} to 3 mg/day" in advice.explanation


def test_the_advised_step_never_goes_below_half() -> None:
    advice = recommend(responder(doses=[(months(6), 2.6)]), days(28, months(6)))
    assert advice.dose_mg_per_day == 2.0


def test_step_size_is_a_parameter() -> None:
    small = Parameters(taper_step_fraction=0.1, tacrolimus_dose_step_mg=0.1)
    assert recommend(responder(), months(6), small).dose_mg_per_day == pytest.approx(3.6)


def test_the_advised_dose_is_computed_as_written() -> None:
    ten_percent = Parameters(taper_step_fraction=0.1, tacrolimus_dose_step_mg=0.1)
    assert recommend(responder(dose=3.0), months(6), ten_percent).dose_mg_per_day == 2.7


# --- the reduced dose: about half the starting dose, within the tolerance (C1, A6) --------


@pytest.mark.parametrize(
    ("start", "dose", "on", "action"),
    [
        (4.0, 2.4, days(28, months(6)), Action.MAINTAIN_REDUCED_DOSE),
        (4.0, 2.41, days(28, months(6)), Action.REDUCE_DOSE),
        (3.0, 1.8, months(7), Action.MAINTAIN_REDUCED_DOSE),
    ],
    ids=["60%-is-about-half", "just-above-60%", "exactly-60%-in-floats"],
)
@pytest.mark.statement("C1")
def test_about_half_is_within_the_tolerance(
    start: float, dose: float, on: date, action: Action
) -> None:
    advice = recommend(responder(dose=start, doses=[(months(6), dose)]), on)
    assert advice.action is action


def test_no_next_step_is_planned_at_exactly_the_upper_tolerance() -> None:
    assert plan(responder(dose=3.0, doses=[(months(6), 1.8)]), months(7)).next_taper_step is None


def test_wider_tolerance_ends_the_taper_sooner() -> None:
    wide = Parameters(reduced_dose_tolerance=0.2)
    stepped = responder(doses=[(months(6), 2.8)])
    assert recommend(stepped, days(28, months(6)), wide).action is Action.MAINTAIN_REDUCED_DOSE
    assert recommend(stepped, days(28, months(6))).action is Action.REDUCE_DOSE


def test_a_dose_lowered_before_remission_starts_no_maintenance() -> None:
    lowered = course(
        proteinuria=[(months(5), 5.0)], troughs=in_range_troughs(), adjustments=[(months(2), 2.0)]
    )
    laid_out = plan(lowered, months(5))
    assert laid_out.phase is Phase.INITIAL_TRIAL
    assert laid_out.reduced_dose_reached is None
    assert laid_out.maintenance_end is None
    assert "reduced_dose_reached" not in {milestone.name for milestone in laid_out.milestones}


# --- doses that can be given: rounded to the agent's dose step (D20, P11) -------------------


@pytest.mark.statement("C1")
def test_doses_that_cannot_be_given_are_rounded_to_the_dose_step() -> None:
    """Revision 2, situation 10: 3 mg of tacrolimus gave a step to 2.25 mg/day."""
    situation = REVISION_2["dose_between_capsules"]
    advice = recommend(situation.course(), situation.on)
    assert advice.action is Action.REDUCE_DOSE
    assert advice.dose_mg_per_day == 2.0
    assert "D20" in advice.interpretations


@pytest.mark.parametrize(
    ("start", "step"),
    [(3.0, 2.0), (3.1, 2.5), (3.4, 2.5), (3.8, 3.0)],
    ids=["2.25-a-tie-goes-down", "2.325-goes-up", "2.55-goes-down", "2.85-goes-up"],
)
def test_a_taper_step_rounds_to_the_nearest_half_milligram(start: float, step: float) -> None:
    assert recommend(responder(dose=start), months(6)).dose_mg_per_day == step


@pytest.mark.parametrize(
    ("capsule", "step"), [(10.0, 60.0), (25.0, 50.0)], ids=["10-mg-capsules", "25-mg-capsules"]
)
def test_the_dose_step_of_cyclosporine_is_a_parameter(capsule: float, step: float) -> None:
    """75 mg less a quarter is 56.25 mg: 60 mg in 10 mg capsules, 50 mg in 25 mg ones."""
    params = Parameters(cyclosporine_dose_step_mg=capsule)
    cyclosporine = responder(agent=Agent.CYCLOSPORINE, dose=75.0, target=(125, 175))
    assert recommend(cyclosporine, months(6), params).dose_mg_per_day == step


def test_a_step_that_cannot_land_in_the_band_completes_the_taper_at_the_current_dose() -> None:
    """P11: from 50 mg (started at 75) the step rounds to 25, below the band of 30-45 mg;
    the next step up, 50, is not below the current dose, so maintenance starts."""
    cyclosporine = responder(
        agent=Agent.CYCLOSPORINE, dose=75.0, target=(125, 175), doses=[(months(6), 50.0)]
    )
    advice = recommend(cyclosporine, months(7))
    assert (advice.phase, advice.action) == (Phase.MAINTENANCE, Action.MAINTAIN_REDUCED_DOSE)
    assert plan(cyclosporine, months(7)).reduced_dose_reached == months(6)
