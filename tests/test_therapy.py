"""Periods of therapy (``guideline/_therapy.py``): one per start or restart, each with its own
stop; months are counted from the period's start (A1)."""

from __future__ import annotations

from guideline import Action, Phase, StopReason, recommend
from guideline._therapy import therapy_periods

from .builders import ONE_DAY, T0, complete_remission_at, course, months, responder


def test_three_periods_each_end_at_the_next_start_and_keep_their_own_stop() -> None:
    patient = course(
        proteinuria=complete_remission_at(5),
        stops=[(months(8), StopReason.PLANNED), (months(14), StopReason.OTHER)],
        restarts=[(months(10), 4.0), (months(16), 3.0)],
    )
    periods = therapy_periods(patient)
    assert [p.start for p in periods] == [T0, months(10), months(16)]
    assert [p.next_start for p in periods] == [months(10), months(16), None]
    assert [p.stop.on if p.stop else None for p in periods] == [months(8), months(14), None]
    assert [p.starting_dose_mg_per_day for p in periods] == [4.0, 4.0, 3.0]


def test_restart_counts_months_from_the_restart() -> None:
    restart = months(10)
    again = course(
        stops=[(months(8), StopReason.OTHER)],
        restarts=[(restart, 3.0)],
        proteinuria=complete_remission_at(3, restart),
    )
    assert recommend(again, restart).phase is Phase.INITIAL_TRIAL
    assert recommend(again, months(6, restart) - ONE_DAY).action is Action.CONTINUE
    advice = recommend(again, months(6, restart))
    assert advice.action is Action.REDUCE_DOSE
    assert advice.dose_mg_per_day == 2.0  # 3.0 - 25% of the restart dose, rounded (D20)


def test_a_restart_day_belongs_to_the_new_period() -> None:
    restarted = responder(stops=[(months(3), StopReason.OTHER)], restarts=[(months(4), 4.0)])
    advice = recommend(restarted, months(4))
    assert advice.explanation[0].startswith(f"period of therapy from {months(4)}")
