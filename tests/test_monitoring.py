"""What to monitor throughout therapy (``guideline/_monitoring.py``, E1-E4): the trough and
adverse-effect alerts, and the checklist by agent.

Boundaries are parametrised ``(just inside, just outside)`` rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from guideline import Action, AdverseEffect, Agent, Alert, StopReason, plan, recommend
from guideline._calendar import add_weeks
from guideline._parameters import PROMPT_REVIEW_WEEKS
from guideline.examples import REVISION_2, complete_responder

from .builders import ONE_DAY, course, days, in_range_troughs, months
from .wording import reads_as_prose

# --- troughs out of the target range (E1) -------------------------------------------------


@pytest.mark.parametrize(
    ("trough", "alerted"),
    [(4.9, True), (5.0, False), (8.0, False), (8.1, True)],
    ids=["below-low", "at-low", "at-high", "above-high"],
)
@pytest.mark.statement("E1")
def test_trough_out_of_range_either_side_of_each_bound(trough: float, alerted: bool) -> None:
    advice = recommend(course(troughs=[(months(1), trough)]), months(2))
    assert (Alert.TROUGH_OUT_OF_RANGE in advice.alerts) is alerted
    assert ("E1" in advice.statements) is alerted


# --- adverse effects reported during the period of therapy (E4) ---------------------------


@pytest.mark.statement("E4")
def test_adverse_effect_review_is_raised_by_a_report_during_therapy() -> None:
    troughs = [(days(7), 6.0), *in_range_troughs()]
    reported = course(adverse=[(months(1), AdverseEffect.HAIR_LOSS)], troughs=troughs)
    assert recommend(reported, months(1)).alerts == (Alert.ADVERSE_EFFECT_REVIEW,)
    assert recommend(reported, months(1) - ONE_DAY).alerts == ()
    assert "E4" in recommend(reported, months(2)).statements


def test_adverse_effect_from_before_a_restart_does_not_carry_over() -> None:
    restarted = course(
        adverse=[(months(1), AdverseEffect.HYPERTENSION)],
        stops=[(months(2), StopReason.ADVERSE_EFFECT)],
        restarts=[(months(3), 4.0)],
        troughs=[(months(1), 6.0), (months(4), 6.0)],
        proteinuria=[(months(3), 5.0)],
    )
    assert recommend(restarted, months(4)).alerts == ()


def test_off_therapy_shows_no_trough_or_adverse_effect_alert() -> None:
    stopped = course(
        troughs=[(months(1), 2.0)],
        adverse=[(months(1), AdverseEffect.NEUROTOXICITY)],
        stops=[(months(2), StopReason.ADVERSE_EFFECT)],
    )
    advice = recommend(stopped, months(3))
    assert advice.action is Action.MONITOR_OFF_THERAPY
    assert advice.alerts == ()


# --- the monitoring checklist, by agent (E1-E4) -------------------------------------------


@pytest.mark.parametrize(
    ("agent", "present", "absent"),
    [
        (Agent.TACROLIMUS, "hair loss", "gingival"),
        (Agent.CYCLOSPORINE, "gingival hyperplasia", "hair loss"),
    ],
)
@pytest.mark.statement("E4")
def test_monitoring_checklist_by_agent(agent: Agent, present: str, absent: str) -> None:
    checklist = plan(replace(complete_responder(), agent=agent), date(2025, 3, 1)).monitoring
    assert [item.statements for item in checklist] == [
        ("E1",),
        ("E2",),
        ("E3",),
        ("E4",),
        ("E4",),
    ]
    assert [item.topic for item in checklist] == [
        "CNI trough level",
        "Serum creatinine",
        "Proteinuria",
        f"Adverse effects of {agent.value}",
        "Also checked in practice",
    ]
    effects = checklist[3].detail
    assert effects == (
        f"Look for hypertension, neurotoxicity, hyperglycaemia, {present}; the source's list "
        f"is not complete."
    )
    assert absent not in effects
    assert "20%" in checklist[1].detail
    assert all("every 3 months" in item.detail for item in checklist[:3])
    assert all(reads_as_prose(item.detail) for item in checklist)


def test_the_checklist_adds_what_is_also_checked_in_practice_without_thresholds() -> None:
    """Revision 2: the source's list of adverse effects is not complete."""
    extra = plan(complete_responder(), date(2025, 3, 1)).monitoring[-1].detail
    for topic in ("hyperkalaemia", "hypomagnesaemia", "hyperuricaemia", "dyslipidaemia"):
        assert topic in extra
    assert "CYP3A4" in extra
    assert not any(character.isdigit() for character in extra.replace("CYP3A4", ""))


# --- revision 2: situations where the first rules gave unsafe advice -----------------------


@pytest.mark.statement("E3")
def test_stale_values_keep_the_dose_and_ask_for_new_ones() -> None:
    """Situation 9: 14 months without proteinuria and 17 without a trough: no stop is
    considered on such values; the current dose is kept, the values asked for, and the
    patient reviewed within 2 weeks (D18)."""
    situation = REVISION_2["stale_values"]
    advice = recommend(situation.course(), situation.on)
    assert advice.action is Action.HOLD_DOSE
    assert Alert.VALUES_OUT_OF_DATE in advice.alerts
    assert advice.next_review <= add_weeks(situation.on, PROMPT_REVIEW_WEEKS)
