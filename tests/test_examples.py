"""The worked cases show the turning point each is named for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from guideline import Action, Alert, recommend
from guideline.examples import WORKED_CASES

EXPECTED = {
    "complete_responder": [
        Action.CONTINUE,
        Action.REDUCE_DOSE,
        Action.CONTINUE,
        Action.MAINTAIN_REDUCED_DOSE,
        Action.CONSIDER_DISCONTINUATION,
        Action.CONTINUE,
        Action.MONITOR_OFF_THERAPY,
    ],
    "partial_responder": [
        Action.CONTINUE,
        Action.CONTINUE,
        Action.MAINTAIN_REDUCED_DOSE,
        Action.CONSIDER_DISCONTINUATION,
    ],
    "non_responder": [
        Action.CONTINUE,
        Action.CONTINUE,
        Action.STOP_INEFFECTIVE,
        Action.MONITOR_OFF_THERAPY,
    ],
    "high_grade_slow_decline": [
        Action.CONTINUE,
        Action.CONTINUE,
        Action.HOLD_DOSE,
        Action.REDUCE_DOSE,
    ],
    "partial_response_without_remission": [
        Action.CONTINUE,
        Action.CONTINUE,
        Action.STOP_INEFFECTIVE,
        Action.MONITOR_OFF_THERAPY,
    ],
    "relapse_after_stop": [Action.MONITOR_OFF_THERAPY, Action.REINITIATE],
    "dependence": [Action.CONTINUE, Action.CONTINUE, Action.CONSIDER_RITUXIMAB],
    "titre_positive_at_the_stop_window": [
        Action.CONTINUE,
        Action.CONSIDER_DISCONTINUATION,
        Action.CONSIDER_DISCONTINUATION,
        Action.CONSIDER_DISCONTINUATION,
    ],
    "titre_back_before_relapse": [
        Action.MONITOR_OFF_THERAPY,
        Action.MONITOR_OFF_THERAPY,
        Action.MONITOR_OFF_THERAPY,
        Action.REINITIATE,
    ],
}

EXPECTED_ALERTS = {
    "titre_positive_at_the_stop_window": [
        (),
        (Alert.ANTIBODY_POSITIVE_AT_STOP,),
        (Alert.ANTIBODY_POSITIVE_AT_STOP,),
        (),
    ],
    "titre_back_before_relapse": [
        (),
        (Alert.ANTIBODY_REAPPEARED,),
        (Alert.ANTIBODY_REAPPEARED,),
        (),
    ],
}
"""The alerts of the cases that show the anti-PLA2R titre, date by date."""


def test_every_case_has_expectations() -> None:
    assert set(EXPECTED) == set(WORKED_CASES)


@pytest.mark.parametrize("name", WORKED_CASES)
def test_worked_case_actions(name: str) -> None:
    case = WORKED_CASES[name]
    assert [recommend(case.course, on).action for on in case.dates] == EXPECTED[name]


@pytest.mark.parametrize("name", EXPECTED_ALERTS)
def test_the_titre_cases_raise_their_alert_and_keep_the_actions_without_titres(name: str) -> None:
    case = WORKED_CASES[name]
    bare = replace(case.course, pla2r=(), albumin=())
    assert [recommend(case.course, on).alerts for on in case.dates] == EXPECTED_ALERTS[name]
    assert [recommend(bare, on).action for on in case.dates] == EXPECTED[name]


def test_high_grade_case_is_continued_at_month_6_with_the_signal() -> None:
    case = WORKED_CASES["high_grade_slow_decline"]
    advice = recommend(case.course, date(2025, 7, 10))
    assert advice.alerts == (Alert.LIKELY_INEFFECTIVE,)
    assert "G1" in advice.statements


def test_the_complete_responder_is_withdrawn_over_3_months_as_the_advice_describes() -> None:
    case = WORKED_CASES["complete_responder"]
    advice = recommend(case.course, date(2026, 9, 10))
    steps = [c for c in case.course.dose_changes if c.reason.value == "withdrawal"]
    assert advice.dose_mg_per_day == steps[0].dose_mg_per_day == 1.5
    assert "withdraw it over 3 months" in advice.rationale
    assert case.course.discontinuations[0].on == date(2026, 11, 15)


def test_the_high_grade_case_waits_for_the_confirming_value_at_its_bound() -> None:
    case = WORKED_CASES["high_grade_slow_decline"]
    advice = recommend(case.course, date(2026, 1, 10))
    assert advice.rule == "trial_bound_awaiting_confirmation"
    assert advice.next_review == date(2026, 1, 17)
