"""Periods of therapy: one per start or restart, each with its own stop (A1)."""

from __future__ import annotations

from guideline import StopReason
from guideline._therapy import therapy_periods

from .builders import T0, complete_remission_at, course, months


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
