"""The worked cases show the turning point each is named for."""

from __future__ import annotations

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
    "high_grade_slow_decline": [Action.CONTINUE, Action.CONTINUE, Action.REDUCE_DOSE],
    "relapse_after_stop": [Action.MONITOR_OFF_THERAPY, Action.REINITIATE],
    "dependence": [Action.CONTINUE, Action.CONTINUE, Action.CONSIDER_RITUXIMAB],
}


def test_every_case_has_expectations() -> None:
    assert set(EXPECTED) == set(WORKED_CASES)


@pytest.mark.parametrize("name", WORKED_CASES)
def test_worked_case_actions(name: str) -> None:
    case = WORKED_CASES[name]
    assert [recommend(case.course, on).action for on in case.dates] == EXPECTED[name]


def test_high_grade_case_is_continued_at_month_6_with_the_signal() -> None:
    case = WORKED_CASES["high_grade_slow_decline"]
    advice = recommend(case.course, date(2025, 7, 10))
    assert advice.alerts == (Alert.LIKELY_INEFFECTIVE,)
    assert "G1" in advice.statements
