"""Relapse (``guideline/_relapse.py``): a nephrotic value during the taper, a relapse on or
off the CNI, and dependence (C2, E3, F2, F3, D4, D10, A7, A9).

Boundaries are parametrised ``(just inside, just outside)`` rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from guideline import (
    Action,
    Agent,
    Alert,
    AssessmentKind,
    DoseChange,
    DoseChangeReason,
    Phase,
    StopReason,
    plan,
    recommend,
)
from guideline._calendar import add_months, add_weeks
from guideline._parameters import (
    NEPHROTIC_LEVEL,
    PROMPT_REVIEW_WEEKS,
    SOON_REVIEW_WEEKS,
    TRIAL_BOUND_MONTHS,
)
from guideline.examples import REVISION_2, dependence

from .builders import (
    complete_remission_at,
    days,
    months,
    non_responder,
    relapse_after_stop,
    responder,
    tapered,
)
from .wording import reads_as_prose

# --- a nephrotic value during the taper, not yet confirmed, holds the dose (A9) -----------


def test_an_unconfirmed_nephrotic_value_holds_the_taper() -> None:
    signal = responder(
        doses=[(months(6), 3.0)],
        proteinuria=[*complete_remission_at(5), (days(27, months(6)), 6.0)],
    )
    advice = recommend(signal, days(28, months(6)))
    assert advice.action is Action.HOLD_DOSE
    assert "6 g/day" in advice.rationale


@pytest.mark.parametrize(
    ("value", "rule", "alert"),
    [
        (NEPHROTIC_LEVEL, "proteinuria_rise_unconfirmed", Alert.PROTEINURIA_RISING),
        (NEPHROTIC_LEVEL + 0.1, "relapse_suspected", Alert.RELAPSE_SUSPECTED),
    ],
    ids=["at-the-nephrotic-level-a-rise", "above-it-a-suspected-relapse"],
)
def test_a_relapse_is_suspected_only_above_the_nephrotic_level(
    value: float, rule: str, alert: Alert
) -> None:
    signal = responder(proteinuria=[*complete_remission_at(5), (months(6), value)])
    advice = recommend(signal, months(6))
    assert (advice.action, advice.rule) == (Action.HOLD_DOSE, rule)
    assert alert in advice.alerts
    assert advice.next_review == days(14, months(6))


# --- a relapse on the CNI holds the dose (C2, A7) -----------------------------------------


@pytest.mark.statement("C2")
def test_a_relapse_during_the_taper_restores_the_dose() -> None:
    """Revision 2, situation 8: a relapse during the taper held the dose for ever."""
    relapsing = responder(
        doses=[(months(6), 3.0)],
        proteinuria=[*complete_remission_at(5), (months(7), 5.0), (days(7, months(7)), 5.0)],
    )
    advice = recommend(relapsing, days(7, months(7)))
    assert (advice.action, advice.phase) == (Action.RESTORE_DOSE, Phase.RELAPSE)
    assert advice.dose_mg_per_day == 4.0  # the dose when remission was confirmed
    assert advice.next_review == days(7, months(8))
    assert "D15" in advice.interpretations
    restored = replace(
        relapsing,
        dose_changes=(
            *relapsing.dose_changes,
            DoseChange(days(8, months(7)), 4.0, DoseChangeReason.RESTORE),
        ),
    )
    after = recommend(restored, months(8))
    assert (after.phase, after.action) == (Phase.INITIAL_TRIAL, Action.CONTINUE)
    assert plan(restored, months(8)).trial_bound == months(12, days(7, months(7)))


def test_a_relapse_on_the_full_dose_holds_and_does_not_count_towards_dependence() -> None:
    relapsing = responder(
        proteinuria=[
            *complete_remission_at(5),
            (months(5) + timedelta(days=10), 5.0),
            (months(5) + timedelta(days=17), 5.0),
        ],
    )
    on = months(5) + timedelta(days=17)
    advice = recommend(relapsing, on)
    assert (advice.action, advice.phase) == (Action.HOLD_DOSE, Phase.RELAPSE)
    assert "A7" in advice.interpretations
    assert not any("relapses on withdrawal" in line for line in advice.explanation)


# --- off the CNI: monitor, or reinitiate after a relapse since the stop (E3, F2) ----------


@pytest.mark.statement("E3")
def test_monitor_off_therapy_after_a_planned_stop() -> None:
    stopped = tapered(stops=[(months(20), StopReason.PLANNED)])
    advice = recommend(stopped, months(21))
    assert (advice.action, advice.phase) == (Action.MONITOR_OFF_THERAPY, Phase.OFF_THERAPY)
    assert "E3" in advice.statements


@pytest.mark.parametrize(
    ("gap", "action"),
    [(7, Action.REINITIATE), (6, Action.MONITOR_OFF_THERAPY)],
    ids=["7-days-apart-confirmed", "6-days-apart-not-yet-confirmed"],
)
@pytest.mark.statement("F2")
def test_reinitiate_after_a_confirmed_relapse_off_therapy(gap: int, action: Action) -> None:
    advice = recommend(relapse_after_stop(gap), days(gap, months(23)))
    assert advice.action is action
    if action is Action.REINITIATE:
        assert "F2" in advice.statements
        assert "tacrolimus" in advice.rationale


def test_a_recorded_relapse_after_the_stop_leads_to_a_restart() -> None:
    recorded = tapered(
        stops=[(months(20), StopReason.PLANNED)],
        assessments=[(months(22), AssessmentKind.RELAPSE)],
    )
    assert recommend(recorded, months(22)).action is Action.REINITIATE


def test_a_relapse_confirmed_on_the_day_of_the_stop_counts_as_after_it() -> None:
    stop = months(20)
    relapse = [*complete_remission_at(5), (stop - timedelta(days=7), 4.0), (stop, 4.0)]
    stopped = tapered(stops=[(stop, StopReason.PLANNED)], proteinuria=relapse)
    assert recommend(stopped, stop).rule == "off_therapy_reinitiate"


def test_no_reinitiate_when_the_relapse_came_before_the_stop() -> None:
    relapsing = responder(
        doses=[(months(6), 3.0)],
        proteinuria=[*complete_remission_at(5), (months(7), 5.0), (days(7, months(7)), 5.0)],
        stops=[(months(8), StopReason.OTHER)],
    )
    advice = recommend(relapsing, months(9))
    assert advice.action is Action.MONITOR_OFF_THERAPY
    assert f"relapse on {days(7, months(7))}" in advice.rationale
    assert reads_as_prose(advice.rationale)
    planned = recommend(tapered(stops=[(months(20), StopReason.PLANNED)]), months(21))
    assert "relapse on" not in planned.rationale


def test_no_reinitiate_after_a_stop_for_non_response_and_a_recorded_relapse() -> None:
    stopped = non_responder(
        stops=[(months(6), StopReason.NON_RESPONSE)],
        assessments=[(months(7), AssessmentKind.RELAPSE)],
    )
    assert recommend(stopped, months(7)).action is Action.MONITOR_OFF_THERAPY


def test_reinitiate_after_a_stop_for_an_adverse_effect_carries_a_caveat() -> None:
    stopped = tapered(
        stops=[(months(20), StopReason.ADVERSE_EFFECT)],
        proteinuria=[*complete_remission_at(5), (months(23), 4.0), (days(7, months(23)), 4.0)],
    )
    advice = recommend(stopped, days(7, months(23)))
    assert advice.action is Action.REINITIATE
    assert reads_as_prose(advice.rationale)
    assert "adverse effect" in advice.rationale.split(". ")[-1]


def test_cyclosporine_is_named_in_the_restart_advice() -> None:
    cyclo = tapered(
        agent=Agent.CYCLOSPORINE,
        stops=[(months(20), StopReason.PLANNED)],
        proteinuria=[*complete_remission_at(5), (months(23), 4.0), (days(7, months(23)), 4.0)],
    )
    assert "cyclosporine" in recommend(cyclo, days(7, months(23))).rationale


# --- dependence: the second relapse on withdrawal or reduction (F3, D10) ------------------


@pytest.mark.statement("F3")
def test_consider_rituximab_on_the_second_relapse_on_withdrawal_or_reduction() -> None:
    case = dependence()
    advice = recommend(case, date(2027, 12, 15))
    assert advice.action is Action.CONSIDER_RITUXIMAB
    assert {"F3", "L3"} <= set(advice.statements)
    first = recommend(case, date(2027, 3, 15))
    assert first.action is Action.REINITIATE


def test_dependence_advice_names_the_alternative_and_cites_the_definition() -> None:
    advice = recommend(dependence(), date(2027, 12, 15))
    assert advice.action is Action.CONSIDER_RITUXIMAB
    assert "rituximab" in advice.rationale
    assert "dependence" in advice.rationale
    assert "D10" in advice.interpretations


def test_a_second_relapse_after_stopping_is_dependence_off_therapy() -> None:
    twice = responder(
        doses=[(months(6), 3.0)],
        proteinuria=[
            *complete_remission_at(5),
            (months(7), 5.0),
            (days(7, months(7)), 5.0),
            *complete_remission_at(9),
            (months(11), 4.0),
            (days(7, months(11)), 4.0),
        ],
        stops=[(months(10), StopReason.OTHER)],
    )
    assert recommend(twice, days(7, months(8))).action is Action.RESTORE_DOSE
    advice = recommend(twice, days(7, months(11)))
    assert (advice.phase, advice.action) == (Phase.OFF_THERAPY, Action.CONSIDER_RITUXIMAB)


def test_a_relapse_confirmed_on_the_day_the_cni_is_stopped_counts_towards_dependence() -> None:
    stop = days(7, months(11))
    history = tapered(
        doses=[(months(6), 3.0)],
        proteinuria=[
            *complete_remission_at(5),
            (months(7), 5.0),
            (days(7, months(7)), 5.0),
            *complete_remission_at(9),
            (months(11), 4.0),
            (stop, 4.0),
        ],
        stops=[(stop, StopReason.OTHER)],
    )
    advice = recommend(history, stop)
    assert (advice.phase, advice.action) == (Phase.OFF_THERAPY, Action.CONSIDER_RITUXIMAB)


def test_a_relapse_on_the_restart_date_counts_as_on_withdrawal() -> None:
    relapse_day = days(7, months(23))
    restarted = responder(
        doses=[(months(6), 3.0), (months(7), 2.0), (months(6, relapse_day), 3.0)],
        stops=[(months(20), StopReason.PLANNED)],
        restarts=[(relapse_day, 4.0)],
        proteinuria=[
            *complete_remission_at(5),
            (months(23), 4.0),
            (relapse_day, 4.0),
            *complete_remission_at(5, relapse_day),
            (months(7, relapse_day), 5.0),
            (days(7, months(7, relapse_day)), 5.0),
        ],
    )
    advice = recommend(restarted, days(7, months(7, relapse_day)))
    assert advice.action is Action.CONSIDER_RITUXIMAB


def test_a_remission_ended_by_a_no_remission_assessment_is_not_a_relapse() -> None:
    relapse = days(7, months(11))
    history = tapered(
        doses=[(months(6), 3.0)],
        proteinuria=[
            *complete_remission_at(5),
            *complete_remission_at(9),
            (months(11), 4.0),
            (relapse, 4.0),
        ],
        assessments=[(months(7), AssessmentKind.NO_REMISSION)],
        stops=[(months(10), StopReason.OTHER)],
    )
    advice = recommend(history, relapse)
    assert advice.action is Action.REINITIATE
    assert "relapses on withdrawal or dose reduction so far: 1" in advice.explanation


# --- revision 2: situations where the first rules gave unsafe advice -----------------------


@pytest.mark.statement("C1", "C2")
def test_tapering_into_a_relapse_keeps_the_current_dose() -> None:
    """Situation 2: proteinuria climbing from 0.2 to 3.0 g/day during the taper keeps the
    current dose, with the rising alert and a review within 4 weeks (D14)."""
    situation = REVISION_2["tapering_into_a_rise"]
    advice = recommend(situation.course(), situation.on)
    assert advice.action is Action.HOLD_DOSE
    assert Alert.PROTEINURIA_RISING in advice.alerts
    assert advice.next_review <= add_weeks(situation.on, SOON_REVIEW_WEEKS)


@pytest.mark.statement("C3", "F2")
def test_a_new_nephrotic_value_is_a_suspected_relapse() -> None:
    """Situation 3: a nephrotic value in the stop window is a suspected relapse: no
    discontinuation, the value repeated within 2 weeks of it (D14)."""
    situation = REVISION_2["nephrotic_value_in_the_stop_window"]
    known = situation.course().as_of(situation.on)
    advice = recommend(known, situation.on)
    assert advice.action is Action.HOLD_DOSE
    assert Alert.RELAPSE_SUSPECTED in advice.alerts
    assert advice.next_review <= add_weeks(known.proteinuria[-1].on, PROMPT_REVIEW_WEEKS)


@pytest.mark.statement("C2", "F2")
def test_a_relapse_during_the_taper_restores_the_dose_for_a_bounded_trial() -> None:
    """Situation 8: a relapse on a reduced dose restores the dose that brought the remission
    and opens a new trial, bounded at its month 12 (D15, P6)."""
    situation = REVISION_2["relapse_during_the_taper"]
    relapsed = situation.course()
    advice = recommend(relapsed, situation.on)
    assert (advice.action, advice.dose_mg_per_day) == (
        Action.RESTORE_DOSE,
        relapsed.starting_dose_mg_per_day,
    )
    schedule = plan(relapsed, situation.on)
    assert schedule.trial_bound == add_months(schedule.trial_start, TRIAL_BOUND_MONTHS)
    assert schedule.trial_start > relapsed.start


@pytest.mark.statement("C1", "F2")
def test_a_remission_in_the_trial_a_relapse_opened_lets_the_taper_go_below_the_restored_dose() -> (
    None
):
    """D15, P6: once the new trial remits, its taper may lower the restored dose again; the
    relapse is not restored a second time."""
    relapse = days(7, months(9))
    remitted = tapered(
        proteinuria=[
            *complete_remission_at(5),
            (months(9), 5.0),
            (relapse, 5.0),
            *[(days(14 * n, months(10)), 0.2) for n in range(0, 20)],
        ],
        restores=[(days(1, relapse), 4.0)],
        doses=[(months(6), 3.0), (months(7), 2.0), (add_months(relapse, 6), 3.0)],
    )
    advice = recommend(remitted, days(14, add_months(relapse, 6)))
    assert advice.action is not Action.RESTORE_DOSE
    assert advice.phase is Phase.TAPER


# --- a confirmed rise stands until a confirmed run falls back below its level (D14, P2) ---


def _rise_then(later: list[tuple[date, float]]) -> list[tuple[date, float]]:
    rise = [(days(10, months(6)), 0.6), (days(17, months(6)), 0.6)]
    return [*complete_remission_at(5), (months(6), 0.2), *rise, *later]


@pytest.mark.parametrize(
    ("later", "stands"),
    [
        ([(months(7), 0.2)], True),
        ([(months(7), 0.2), (days(7, months(7)), 0.2)], False),
        ([(months(7), 0.1), (days(7, months(7)), 0.2)], False),
    ],
    ids=[
        "one-value-back-down-the-rise-stands",
        "a-confirmed-run-back-down-clears-it",
        "a-run-back-down-through-a-new-lowest-clears-it",
    ],
)
def test_a_confirmed_rise_clears_only_on_a_confirmed_run_back_below_its_level(
    later: list[tuple[date, float]], stands: bool
) -> None:
    on = later[-1][0]
    before = recommend(responder(proteinuria=_rise_then([])), days(17, months(6)))
    assert Alert.PROTEINURIA_RISING in before.alerts
    advice = recommend(responder(proteinuria=_rise_then(later)), on)
    assert (Alert.PROTEINURIA_RISING in advice.alerts) is stands
    assert (advice.action is Action.HOLD_DOSE) is stands
