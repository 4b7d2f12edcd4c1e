"""Maintenance and the stop window (``guideline/_stop_window.py``): when stopping the CNI is
considered (H1, C2, C3, D7, D8, A8)."""

from __future__ import annotations

import pytest

from guideline import Action, Alert, Phase, plan, recommend

from .builders import ONE_DAY, days, months, responder, tapered

# --- maintenance: 12 months at the reduced dose before the window opens (C2, D7) ----------


@pytest.mark.statement("H1", "C2")
def test_maintain_reduced_dose_until_the_stop_window_opens() -> None:
    advice = recommend(tapered(), months(8))
    assert (advice.action, advice.phase) == (Action.MAINTAIN_REDUCED_DOSE, Phase.MAINTENANCE)
    assert advice.next_review == months(11)  # reviewed every 3 months at most (D18)
    assert plan(tapered(), months(8)).maintenance_end == months(19)  # 12 months after month 7
    assert f"Stopping may be considered from {months(19)}" in advice.rationale
    assert "C2" in advice.statements


def test_a_dose_raised_above_the_band_restarts_the_maintenance_count() -> None:
    raised = responder(
        doses=[(months(6), 3.0), (months(7), 2.0), (months(11), 2.0)],
        adjustments=[(months(10), 3.0)],
    )
    advice = recommend(raised, months(12))
    assert advice.action is Action.MAINTAIN_REDUCED_DOSE
    assert plan(raised, months(12)).maintenance_end == months(23)


# --- the stop window: open after maintenance, closed 24 months after remission (C3, D8) ---


@pytest.mark.statement("H1", "C3")
def test_consider_discontinuation_from_the_window_opening_not_the_day_before() -> None:
    before = recommend(tapered(), months(19) - ONE_DAY)
    on = recommend(tapered(), months(19))
    assert before.action is Action.MAINTAIN_REDUCED_DOSE
    assert (on.action, on.phase) == (Action.CONSIDER_DISCONTINUATION, Phase.STOP_WINDOW)
    assert on.next_review == months(22)  # within 3 months; the window closes at month 29
    assert f"until {months(29)}" in on.rationale
    assert {"H1", "C3", "L1"} <= set(on.statements)
    assert "must" not in on.rationale


def test_the_window_waits_12_months_after_remission_even_if_the_dose_was_already_low() -> None:
    adjusted = responder(adjustments=[(months(2), 2.0)])
    assert recommend(adjusted, months(17) - ONE_DAY).action is Action.MAINTAIN_REDUCED_DOSE
    assert recommend(adjusted, months(17)).action is Action.CONSIDER_DISCONTINUATION


@pytest.mark.statement("H1", "C3")
def test_past_stop_window_from_the_day_after_remission_plus_24_months() -> None:
    last_day = recommend(tapered(), months(29))
    after = recommend(tapered(), months(29) + ONE_DAY)
    assert last_day.phase is Phase.STOP_WINDOW
    assert Alert.PAST_STOP_WINDOW not in last_day.alerts
    assert (after.action, after.phase) == (Action.CONSIDER_DISCONTINUATION, Phase.PAST_STOP_WINDOW)
    assert after.alerts == (Alert.PAST_STOP_WINDOW,)
    assert after.next_review == months(32) + ONE_DAY


# --- maintenance that ends after the window closes: an empty window (A8) ------------------


def test_maintenance_ending_after_the_window_closes_keeps_the_dose_with_a_flag() -> None:
    slow = responder(doses=[(months(6), 3.0), (months(25), 2.0)])
    during = recommend(slow, months(30))
    assert during.action is Action.MAINTAIN_REDUCED_DOSE
    assert during.alerts == (Alert.PAST_STOP_WINDOW,)
    assert "A8" in during.interpretations
    after = recommend(slow, months(37))
    assert (after.action, after.phase) == (Action.CONSIDER_DISCONTINUATION, Phase.PAST_STOP_WINDOW)


def test_maintenance_that_ends_on_the_day_the_window_closes_is_not_late() -> None:
    # Remission on month 5, so the window closes on month 29; 12 months from month 17 end there.
    on_the_day = responder(doses=[(months(6), 3.0), (months(17), 2.0)])
    assert recommend(on_the_day, months(20)).rule == "maintenance"
    assert recommend(on_the_day, months(29)).action is Action.CONSIDER_DISCONTINUATION
    a_day_later = responder(doses=[(months(6), 3.0), (days(1, months(17)), 2.0)])
    assert recommend(a_day_later, months(20)).rule == "maintenance_late"


def test_late_maintenance_cites_the_empty_window_reading() -> None:
    slow = responder(doses=[(months(6), 3.0), (months(25), 2.0)])
    assert "A8" in recommend(slow, months(30)).interpretations
    assert "A8" not in recommend(tapered(), months(8)).interpretations
