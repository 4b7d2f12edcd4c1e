"""``recommend``: a named example for every action and alert, and both sides of every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from guideline import (
    ALERT_RULES,
    DECISION_RULES,
    Action,
    Alert,
    StopReason,
    recommend,
)
from guideline.examples import dependence

from .builders import (
    ONE_DAY,
    T0,
    complete_remission_at,
    course,
    days,
    high_grade,
    in_range_troughs,
    months,
    non_responder,
    relapse_after_stop,
    responder,
    tapered,
)
from .wording import reads_as_prose

# --- every action -----------------------------------------------------------------


# --- every alert --------------------------------------------------------------------


# --- the response check (D2, D3) ----------------------------------------------------


def test_explanation_states_the_fall_and_threshold() -> None:
    advice = recommend(non_responder(5.6), months(6))
    assert any(
        "5.6 g/day" in line and "6.7% below the baseline 6 g/day" in line and "30%" in line
        for line in advice.explanation
    )


def test_a_rise_in_proteinuria_is_explained_as_above_baseline() -> None:
    advice = recommend(non_responder(7.2), months(6))
    assert any("20.0% above the baseline" in line for line in advice.explanation)
    assert advice.action is Action.STOP_INEFFECTIVE


# --- the taper (D5, D6, A6) -------------------------------------------------------


# --- month ends and leap days --------------------------------------------------------


# --- clinician assessments, restarts, causality ---------------------------------------


def test_future_entries_are_ignored() -> None:
    base = responder()
    with_future = responder(
        creatinine=[(months(7), 3.0)],
        troughs=[*in_range_troughs(), (months(31), 1.0)],
        stops=[(months(7), StopReason.OTHER)],
    )
    assert recommend(with_future, months(6)) == recommend(base, months(6))


def test_evaluation_on_the_start_date() -> None:
    advice = recommend(course(), T0)
    assert advice.action is Action.CONTINUE
    assert advice.on == T0


# --- findings of the independent review ---------------------------------------------


# --- what each decision rests on (the traceability the site shows) -------------------

CITED = {
    "early_trial": (lambda: recommend(course(), months(2)), "B1 B2", "D1 D2"),
    "stop_ineffective": (
        lambda: recommend(non_responder(), months(6)),
        "B1 B2",
        "D1 D2 D3",
    ),
    "awaiting_taper": (
        lambda: recommend(responder(), months(6) - ONE_DAY),
        "H1 B1 B3 G2 G3",
        "D1 D4 D5",
    ),
    "reduce_dose": (lambda: recommend(responder(), months(6)), "H1 C1 G3", "D1 D5 D6 A6"),
    "maintenance": (lambda: recommend(tapered(), months(8)), "H1 C2", "D1 D7 D8"),
    "stop_window": (lambda: recommend(tapered(), months(19)), "H1 C3 L1", "D1 D8 D9"),
    "past_stop_window": (
        lambda: recommend(tapered(), months(29) + ONE_DAY),
        "H1 C3 L1 L3",
        "D1 D8 D9",
    ),
    "relapse_hold": (
        lambda: recommend(
            responder(
                doses=[(months(6), 3.0)],
                proteinuria=[
                    *complete_remission_at(5),
                    (months(7), 5.0),
                    (days(7, months(7)), 5.0),
                ],
            ),
            days(7, months(7)),
        ),
        "C2",
        "D1 D10 A7",
    ),
    "reinitiate": (lambda: recommend(relapse_after_stop(7), days(7, months(23))), "F2", "D1 D10"),
    "rituximab": (lambda: recommend(dependence(), date(2027, 12, 15)), "F3 L3", "D1 D10"),
    "monitor": (
        lambda: recommend(tapered(stops=[(months(20), StopReason.PLANNED)]), months(21)),
        "R2 E3",
        "D1 D9",
    ),
}


@pytest.mark.parametrize("situation", list(CITED))
def test_each_decision_cites_exactly_what_it_rests_on(situation: str) -> None:
    make, statements, interpretations = CITED[situation]
    advice = make()
    assert advice.alerts in ((), (Alert.LIKELY_INEFFECTIVE,), (Alert.PAST_STOP_WINDOW,))
    assert set(advice.statements) == set(statements.split())
    assert set(advice.interpretations) == set(interpretations.split())


# --- every row of the decision table ---------------------------------------------------

_RELAPSING = [*complete_remission_at(5), (months(7), 5.0), (days(7, months(7)), 5.0)]

ROWS = {
    "trial_early": lambda: recommend(course(), months(2)),
    "trial_no_value": lambda: recommend(
        non_responder(5.0, proteinuria=[(months(4) - ONE_DAY, 5.9)]), months(6)
    ),
    "trial_responding": lambda: recommend(non_responder(4.0), months(9)),
    "trial_troughs_not_at_target": lambda: recommend(non_responder(troughs=[]), months(6)),
    "trial_likely_ineffective": lambda: recommend(non_responder(), months(5)),
    "trial_high_grade_falling": lambda: recommend(high_grade(8.0, [7.9, 7.5, 7.0]), months(6)),
    "trial_ineffective_high_grade": lambda: recommend(high_grade(8.0, [7.9, 7.9, 7.9]), months(6)),
    "trial_ineffective": lambda: recommend(non_responder(), months(6)),
    "awaiting_taper": lambda: recommend(responder(), months(6) - ONE_DAY),
    "taper_hold_creatinine": lambda: recommend(
        responder(creatinine=[(months(6), 1.21)]), months(6)
    ),
    "taper_hold_nephrotic": lambda: recommend(
        responder(
            doses=[(months(6), 3.0)],
            proteinuria=[*complete_remission_at(5), (days(27, months(6)), 6.0)],
        ),
        days(28, months(6)),
    ),
    "taper_wait": lambda: recommend(responder(doses=[(months(6), 3.0)]), days(7, months(6))),
    "taper_step": lambda: recommend(responder(), months(6)),
    "maintenance_late": lambda: recommend(
        responder(doses=[(months(6), 3.0), (months(25), 2.0)]), months(30)
    ),
    "maintenance": lambda: recommend(tapered(), months(8)),
    "stop_window": lambda: recommend(tapered(), months(19)),
    "past_stop_window": lambda: recommend(tapered(), months(29) + ONE_DAY),
    "relapse_dependence": lambda: recommend(dependence(), date(2027, 12, 15)),
    "relapse_hold": lambda: recommend(
        responder(doses=[(months(6), 3.0)], proteinuria=_RELAPSING), days(7, months(7))
    ),
    "off_therapy_dependence": lambda: recommend(
        responder(
            doses=[(months(6), 3.0)],
            proteinuria=[
                *_RELAPSING,
                *complete_remission_at(9),
                (months(11), 4.0),
                (days(7, months(11)), 4.0),
            ],
            stops=[(months(10), StopReason.OTHER)],
        ),
        days(7, months(11)),
    ),
    "off_therapy_monitor": lambda: recommend(
        tapered(stops=[(months(20), StopReason.PLANNED)]), months(21)
    ),
    "off_therapy_reinitiate": lambda: recommend(relapse_after_stop(7), days(7, months(23))),
}


def test_every_row_of_the_decision_table_has_a_situation() -> None:
    assert list(ROWS) == list(DECISION_RULES)


@pytest.mark.parametrize("row", list(ROWS))
def test_each_row_of_the_decision_table_is_what_recommend_follows(row: str) -> None:
    advice = ROWS[row]()
    rule = DECISION_RULES[row]
    assert advice.rule == row
    assert (advice.action, advice.phase) == (rule.action, rule.phase)
    assert set(rule.alerts) <= set(advice.alerts)
    cited = {*advice.statements, *advice.interpretations}
    assert set(rule.statements) <= cited
    alert_ids = {id_ for alert in advice.alerts for id_ in ALERT_RULES[alert].statements}
    assert cited == {"D1", *rule.statements, *alert_ids}
    assert reads_as_prose(advice.rationale)


# --- edges found by mutation testing ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Continue. The dose stays.", True),
        ("Keep the CNI at 2 mg/day. 12 months later, review.", True),
        (None, False),
        ("continue.", False),
        ("Continue. the dose stays.", False),
        ("Continue", False),
        ("Continue.XX", False),
        ("KEEP THE DOSE.", False),
        ("XXKeep the dose.", False),
    ],
)
def test_the_prose_check_itself(text: object, reads: bool) -> None:
    assert reads_as_prose(text) is reads
