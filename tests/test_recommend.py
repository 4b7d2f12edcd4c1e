"""``recommend`` as a whole: the result on its date, what every decision cites, the
explanation lines, and a situation for every row of the decision table.

The tests of each rule are in the rule's own module: test_trial.py, test_taper.py,
test_stop_window.py, test_relapse.py, test_nephrotoxicity.py, test_monitoring.py (and
test_remission.py, test_therapy.py for what the rules read).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from guideline import (
    ALERT_RULES,
    DECISION_RULES,
    Action,
    Alert,
    AssessmentKind,
    Course,
    Creatinine,
    CreatinineUnit,
    Recommendation,
    StopReason,
    recommend,
)
from guideline.examples import (
    REVISION_2,
    WORKED_CASES,
    complete_responder,
    dependence,
    high_grade_slow_decline,
)

from .builders import (
    LOW_TROUGHS,
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

# --- the result: its date, and nothing dated after it -----------------------------------


def test_evaluation_on_the_start_date() -> None:
    advice = recommend(course(), T0)
    assert advice.action is Action.CONTINUE
    assert advice.on == T0


def test_future_entries_are_ignored() -> None:
    base = responder()
    with_future = responder(
        creatinine=[*((months(n), 1.0) for n in range(1, 37)), (days(3, months(7)), 3.0)],
        troughs=[*in_range_troughs(), (months(31), 1.0)],
        stops=[(months(7), StopReason.OTHER)],
    )
    assert recommend(with_future, months(6)) == recommend(base, months(6))


# --- what each decision rests on (the traceability the site shows) -------------------


def test_every_recommendation_applies_the_calendar_rule() -> None:
    for case in WORKED_CASES.values():
        for on in case.dates:
            assert "D1" in recommend(case.course, on).interpretations, (case.name, on)


CITED = {
    "early_trial": (
        lambda: recommend(course(troughs=in_range_troughs()), months(2)),
        "B1 B2",
        "D1 D2",
    ),
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
    "reduce_dose": (
        lambda: recommend(responder(), months(6)),
        "H1 C1 G3",
        "D1 D5 D6 D20 A6",
    ),
    "maintenance": (lambda: recommend(tapered(), months(8)), "H1 C2", "D1 D7 D8"),
    "stop_window": (lambda: recommend(tapered(), months(19)), "H1 C3 L1", "D1 D8 D19"),
    "past_stop_window": (
        lambda: recommend(tapered(), months(29) + ONE_DAY),
        "H1 C3 L1 L3",
        "D1 D8 D19",
    ),
    "relapse_restore": (
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
        "C2 F2",
        "D1 D15",
    ),
    "reinitiate": (lambda: recommend(relapse_after_stop(7), days(7, months(23))), "F2", "D1 D10"),
    "rituximab": (lambda: recommend(dependence(), date(2027, 12, 15)), "F3 L3", "D1 D10"),
    "monitor": (
        lambda: recommend(tapered(stops=[(months(20), StopReason.PLANNED)]), months(21)),
        "R2 E3",
        "D1 D18",
    ),
}


@pytest.mark.parametrize("situation", list(CITED))
def test_each_decision_cites_exactly_what_it_rests_on(situation: str) -> None:
    make, statements, interpretations = CITED[situation]
    advice = make()
    assert advice.alerts in ((), (Alert.LIKELY_INEFFECTIVE,), (Alert.PAST_STOP_WINDOW,))
    assert set(advice.statements) == set(statements.split())
    assert set(advice.interpretations) == set(interpretations.split())


# --- the explanation: the inputs and thresholds used, one line each ----------------


def explained(history: Course, on: date) -> tuple[str, ...]:
    return recommend(history, on).explanation


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


def test_unchanged_proteinuria_is_not_explained_as_a_rise() -> None:
    unchanged = explained(course(baseline=6.0, proteinuria=[(months(5), 6.0)]), months(5))
    line = next(line for line in unchanged if line.startswith("proteinuria "))
    assert "0.0%" in line
    assert "above the baseline" not in line
    risen = explained(course(baseline=6.0, proteinuria=[(months(5), 7.5)]), months(5))
    assert any("25.0% above the baseline" in line for line in risen)


def test_explanation_gives_the_latest_trough_against_the_target() -> None:
    lines = explained(course(troughs=[(months(1), 4.5), (months(2), 6.5)]), months(3))
    assert f"latest trough 6.5 ng/mL on {months(2)}; target 5-8 ng/mL" in lines


def test_explanation_gives_no_dose_band_before_remission() -> None:
    lines = explained(course(proteinuria=[(months(3), 5.0)]), months(3))
    assert not any(line.startswith("dose ") for line in lines)


def test_explanation_gives_the_dose_band_last_step_and_maintenance_dates() -> None:
    lines = explained(tapered(), months(8))
    assert "dose 2 mg/day; reduced band 1.6-2.4 mg/day" in lines
    assert f"last taper step on {months(7)} to 2 mg/day" in lines
    assert (
        f"reduced dose since {months(7)}; maintenance complete on {months(19)}; "
        f"stop window {months(19)} to {months(29)}"
    ) in lines


def test_explanation_says_how_each_remission_began_and_ended() -> None:
    ongoing = explained(tapered(), months(8))
    assert f"complete remission confirmed from proteinuria on {months(5)}" in ongoing

    recorded = course(
        troughs=in_range_troughs(),
        assessments=[
            (months(3), AssessmentKind.PARTIAL_REMISSION),
            (months(4), AssessmentKind.NO_REMISSION),
        ],
    )
    assert f"partial remission recorded on {months(3)}, ended by assessment on {months(4)}" in (
        explained(recorded, months(5))
    )

    relapse = days(7, months(7))
    relapsed = tapered(
        doses=[(months(6), 3.0)],
        proteinuria=[*complete_remission_at(5), (months(7), 5.0), (relapse, 5.0)],
    )
    lines = explained(relapsed, months(8))
    assert (
        f"complete remission confirmed from proteinuria on {months(5)}, "
        f"ended by relapse on {relapse}"
    ) in lines
    assert "relapses on withdrawal or dose reduction so far: 1" in lines


def test_explanation_names_the_stop_only_once_off_therapy() -> None:
    stopped = tapered(stops=[(months(20), StopReason.PLANNED)])
    assert f"CNI stopped on {months(20)} (planned)" in explained(stopped, months(21))
    assert not any(line.startswith("CNI stopped") for line in explained(stopped, months(19)))


# --- every row of the decision table ---------------------------------------------------

_RELAPSING = [*complete_remission_at(5), (months(7), 5.0), (days(7, months(7)), 5.0)]
_CUT = days(7, months(6))
_RISE = [(months(6), 1.4), (_CUT, 1.45)]
_AFTER_CUT = [*_RISE, (days(28, _CUT), 1.45), (days(35, _CUT), 1.5)]
_REMISSION_5 = [*complete_remission_at(5), (months(6), 0.2), (months(7), 0.2)]


def _revision_2(name: str) -> Recommendation:
    situation = REVISION_2[name]
    return recommend(situation.course(), situation.on)


def _withdrawing(on: date, rise: bool = False, **dropped: date) -> Recommendation:
    """The complete responder during its withdrawal, with entries from a date left out."""
    case = complete_responder()
    kept = {
        name: tuple(item for item in getattr(case, name) if item.on < cut)
        for name, cut in dropped.items()
    }
    if rise:
        kept["creatinine"] = (
            *(item for item in case.creatinine if item.on < on - timedelta(days=10)),
            Creatinine(on - timedelta(days=10), 1.4, CreatinineUnit.MG_PER_DL),
            Creatinine(on - timedelta(days=2), 1.42, CreatinineUnit.MG_PER_DL),
        )
    return recommend(replace(case, **kept), on)


ROWS = {
    "creatinine_toxicity_stop": lambda: recommend(
        responder(creatinine=_AFTER_CUT, cuts=[(_CUT, 3.0)], proteinuria=_REMISSION_5),
        days(35, _CUT),
    ),
    "trial_bound": lambda: _revision_2("open_ended_partial_response"),
    "trial_ineffective": lambda: recommend(non_responder(), months(6)),
    "relapse_dependence": lambda: recommend(dependence(), date(2027, 12, 15)),
    "withdrawal_stop_forward": lambda: _withdrawing(date(2026, 10, 20), rise=True),
    "withdrawal_step_forward": lambda: _withdrawing(date(2026, 9, 25), rise=True),
    "creatinine_cut_low_trough": lambda: recommend(
        responder(creatinine=_RISE, troughs=LOW_TROUGHS, proteinuria=_REMISSION_5), _CUT
    ),
    "creatinine_cut": lambda: _revision_2("creatinine_rise"),
    "relapse_suspected": lambda: recommend(
        responder(proteinuria=[*complete_remission_at(5), (months(6), 4.0)]), months(6)
    ),
    "proteinuria_rise_confirmed": lambda: _revision_2("tapering_into_a_rise"),
    "proteinuria_rise_unconfirmed": lambda: recommend(
        responder(proteinuria=[*complete_remission_at(5), (months(6), 3.5)]), months(6)
    ),
    "trial_bound_awaiting_confirmation": lambda: recommend(
        high_grade_slow_decline(), date(2026, 1, 10)
    ),
    "trial_stop_values_out_of_date": lambda: recommend(non_responder(), months(9)),
    "step_hold_creatinine": lambda: recommend(responder(creatinine=[(months(6), 1.21)]), months(6)),
    "stop_hold_creatinine": lambda: recommend(tapered(creatinine=[(months(18), 1.25)]), months(19)),
    "step_hold_values_out_of_date": lambda: recommend(
        responder(proteinuria=complete_remission_at(5), doses=[(months(6), 3.0)]), months(7)
    ),
    "stop_hold_values_out_of_date": lambda: recommend(
        tapered(proteinuria=_REMISSION_5), months(19)
    ),
    "trial_early": lambda: recommend(course(), months(2)),
    "trial_no_value": lambda: recommend(
        non_responder(5.0, proteinuria=[(months(4) - ONE_DAY, 5.9)]), months(6)
    ),
    "trial_responding": lambda: recommend(non_responder(4.0), months(6)),
    "trial_troughs_not_at_target": lambda: recommend(non_responder(troughs=LOW_TROUGHS), months(6)),
    "trial_likely_ineffective": lambda: recommend(non_responder(), months(5)),
    "trial_nonresponse_unconfirmed": lambda: _revision_2("one_high_value_after_a_fall"),
    "trial_target_unusual": lambda: _revision_2("target_for_another_drug"),
    "trial_high_grade_falling": lambda: recommend(high_grade(8.0, [7.9, 7.5, 7.0]), months(6)),
    "trial_awaiting_remission": lambda: recommend(
        non_responder(
            baseline=4.0,
            proteinuria=[(months(1), 8.0), (months(4), 3.7), (months(5), 3.6), (months(6), 3.0)],
        ),
        months(6),
    ),
    "awaiting_taper": lambda: recommend(responder(), months(6) - ONE_DAY),
    "taper_wait": lambda: recommend(responder(doses=[(months(6), 3.0)]), days(7, months(6))),
    "taper_step": lambda: recommend(responder(), months(6)),
    "maintenance_late": lambda: recommend(
        responder(doses=[(months(6), 3.0), (months(25), 2.0)]), months(30)
    ),
    "maintenance": lambda: recommend(tapered(), months(8)),
    "stop_window": lambda: recommend(tapered(), months(19)),
    "past_stop_window": lambda: recommend(tapered(), months(29) + ONE_DAY),
    "withdrawal_wait": lambda: _withdrawing(date(2026, 10, 20)),
    "withdrawal_stop": lambda: _withdrawing(
        date(2026, 11, 15), discontinuations=date(2026, 11, 15)
    ),
    "withdrawal_step": lambda: _withdrawing(date(2026, 10, 15), dose_changes=date(2026, 10, 15)),
    "relapse_restore_held": lambda: recommend(
        responder(
            doses=[(months(6), 3.0)],
            proteinuria=_RELAPSING,
            creatinine=[(months(6), 1.0), (months(7), 1.25)],
        ),
        days(7, months(7)),
    ),
    "relapse_restore": lambda: _revision_2("relapse_during_the_taper"),
    "relapse_full_dose": lambda: recommend(
        responder(
            proteinuria=[
                *complete_remission_at(5),
                (days(10, months(5)), 5.0),
                (days(17, months(5)), 5.0),
            ]
        ),
        days(17, months(5)),
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
    "off_therapy_after_toxicity": lambda: recommend(
        relapse_after_stop(7, StopReason.NEPHROTOXICITY), days(7, months(23))
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
    assert advice.action is rule.action
    assert rule.phase in (None, advice.phase)
    assert set(rule.alerts) <= set(advice.alerts)
    cited = {*advice.statements, *advice.interpretations}
    assert set(rule.statements) <= cited
    alert_ids = {id_ for alert in advice.alerts for id_ in ALERT_RULES[alert].statements}
    assert cited == {"D1", *rule.statements, *alert_ids}
    assert reads_as_prose(advice.rationale)


# --- a withdrawal step rests on a value since the last step, not on a recent one (P9) ---


@pytest.mark.parametrize(
    "on",
    [date(2027, 1, 9), date(2027, 1, 12)],
    ids=["value-within-three-months", "value-older-than-three-months"],
)
def test_an_overdue_withdrawal_step_needs_a_value_since_the_last_step_only(on: date) -> None:
    """The last value (2026-10-10) follows the first withdrawal step (2026-09-15): the second
    step stays advised after that value is three months old, since only a stop needs one
    within three months (D18, D19)."""
    advice = _withdrawing(
        on,
        dose_changes=date(2026, 10, 1),
        proteinuria=date(2026, 10, 11),
        discontinuations=date(2026, 10, 1),
    )
    assert (advice.rule, advice.dose_mg_per_day) == ("withdrawal_step", 0.5)
