"""``audit``: each invariant reported for a history that breaks it, and only then.

The audit's own behaviour (every invariant, date order, messages, the worked cases) comes
first; then the tests of single invariants, in one section per rule module whose criteria
the invariant asks (the trial, the taper, the stop window). The recommendations of each
rule are tested in that rule's module (tests/test_trial.py, ...).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from guideline import INVARIANTS, StopReason, audit
from guideline._calendar import add_weeks
from guideline._parameters import PROMPT_REVIEW_WEEKS
from guideline.examples import WORKED_CASES

from . import builders
from .builders import (
    ONE_DAY,
    add_months,
    complete_remission_at,
    course,
    days,
    in_range_troughs,
    months,
    remission_holding,
    tapered,
)
from .wording import reads_as_phrase

UNTIL_12 = {
    "troughs": in_range_troughs(until=12),
    "proteinuria": remission_holding(5, until=13),
    "creatinine": [(months(n), 1.0) for n in range(1, 13)],
}
"""Measurements to month 12 only, so that the record ends before its stop window closes unless
a test adds a later entry."""


def responder(**extra: object) -> object:
    """The builders' responder measured only to month 12 (see :data:`UNTIL_12`)."""
    return builders.responder(**{**UNTIL_12, **extra})


def reported(history: object) -> list[str]:
    return [deviation.invariant for deviation in audit(history)]  # type: ignore[arg-type]


TAPERED = [(months(6), 3.0), (months(7), 2.0)]
NO_RESPONSE = [(months(4), 5.0), (months(5), 5.0)]
HOLDING_TO_20 = remission_holding(5, until=20)
FLAT_AFTER_A_FALL = [(months(n), 6.0) for n in range(1, 15)]
CREATININE_UP = [
    *((months(n), 1.0) for n in range(1, 6)),
    (months(6), 1.4),
    (days(7, months(6)), 1.45),
]
CREATININE_UP_THEN_DOWN = [*CREATININE_UP, *((months(n), 1.05) for n in range(8, 11))]

BREAKS = {
    "taper_only_in_remission": (
        course(proteinuria=[(months(3), 5.0), (months(6), 5.0)], doses=[(months(7), 3.0)]),
        course(proteinuria=complete_remission_at(6), doses=[(months(7), 3.0)]),
    ),
    "taper_not_before_minimum": (
        responder(doses=[(months(6) - ONE_DAY, 3.0)]),
        responder(doses=[(months(6), 3.0)]),
    ),
    "taper_step_interval": (
        responder(doses=[(months(6), 3.0), (days(27, months(6)), 2.0)]),
        responder(doses=[(months(6), 3.0), (days(28, months(6)), 2.0)]),
    ),
    "taper_held_by_nephrotoxicity": (
        responder(creatinine=[(months(6), 1.21)], doses=[(months(6), 3.0)]),
        responder(creatinine=[(months(6), 1.2)], doses=[(months(6), 3.0)]),
    ),
    "held_by_relapse_signal": (
        responder(
            proteinuria=[*complete_remission_at(5), (months(6), 0.3)], doses=[(months(6), 3.0)]
        ),
        responder(
            proteinuria=[*complete_remission_at(5), (months(6), 0.29)], doses=[(months(6), 3.0)]
        ),
    ),
    "held_by_old_values": (
        responder(proteinuria=complete_remission_at(5), doses=TAPERED),
        responder(
            proteinuria=[*complete_remission_at(5), (days(14, months(6)), 0.2)], doses=TAPERED
        ),
    ),
    "ineffective_stop_after_trial": (
        course(
            troughs=in_range_troughs(),
            proteinuria=NO_RESPONSE,
            stops=[(months(6) - ONE_DAY, StopReason.NON_RESPONSE)],
        ),
        course(
            troughs=in_range_troughs(),
            proteinuria=NO_RESPONSE,
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
    ),
    "ineffective_stop_at_target_trough": (
        course(
            troughs=[(months(1), 6.0), (months(4) - ONE_DAY, 6.0)],
            proteinuria=NO_RESPONSE,
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
        course(
            troughs=[(months(1), 6.0), (months(4), 6.0)],
            proteinuria=NO_RESPONSE,
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
    ),
    "ineffective_stop_only_without_response": (
        course(
            troughs=in_range_troughs(),
            proteinuria=[(months(4), 4.0), (months(5), 4.0)],
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
        course(
            troughs=in_range_troughs(),
            proteinuria=[(months(4), 4.3), (months(5), 4.3)],
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
    ),
    "trial_bounded": (
        course(baseline=10.0, proteinuria=FLAT_AFTER_A_FALL, troughs=in_range_troughs(until=14)),
        course(
            baseline=10.0,
            proteinuria=FLAT_AFTER_A_FALL,
            troughs=in_range_troughs(until=14),
            stops=[(days(10, months(12)), StopReason.NON_RESPONSE)],
        ),
    ),
    "planned_stop_in_window": (
        responder(
            doses=TAPERED,
            proteinuria=HOLDING_TO_20,
            stops=[(months(19) - ONE_DAY, StopReason.PLANNED)],
        ),
        responder(
            doses=TAPERED, proteinuria=HOLDING_TO_20, stops=[(months(19), StopReason.PLANNED)]
        ),
    ),
    "reduced_dose_floor": (
        responder(doses=[*TAPERED, (months(19) - ONE_DAY, 1.0)], proteinuria=HOLDING_TO_20),
        responder(doses=[*TAPERED, (months(19), 1.0)], proteinuria=HOLDING_TO_20),
    ),
    "past_stop_window": (
        responder(
            doses=TAPERED,
            proteinuria=remission_holding(5, until=29),
            creatinine=[(months(29) + ONE_DAY, 1.0)],
        ),
        responder(
            doses=TAPERED,
            proteinuria=remission_holding(5, until=29),
            creatinine=[(months(29), 1.0)],
        ),
    ),
    "creatinine_rise_acted_on": (
        responder(creatinine=CREATININE_UP_THEN_DOWN),
        responder(creatinine=CREATININE_UP_THEN_DOWN, cuts=[(days(10, months(6)), 3.0)]),
    ),
    "dose_on_step": (
        responder(doses=[(months(6), 3.2)]),
        responder(doses=[(months(6), 3.0)]),
    ),
}


# --- the audit as a whole ---------------------------------------------------------------


def test_every_invariant_has_a_breaking_history() -> None:
    assert set(BREAKS) == set(INVARIANTS)


@pytest.mark.parametrize(
    "invariant", [pytest.param(i, marks=pytest.mark.invariant(i)) for i in BREAKS]
)
def test_audit_reports_exactly_the_broken_invariant(invariant: str) -> None:
    broken, kept = BREAKS[invariant]
    assert reported(broken) == [invariant]
    assert reported(kept) == []


def test_a_deviation_names_date_message_and_statements() -> None:
    (deviation,) = audit(responder(doses=[(months(6), 3.0), (days(20, months(6)), 2.0)]))
    assert deviation.on == days(20, months(6))
    assert "20 days after the previous reduction" in deviation.message
    assert deviation.statements == INVARIANTS["taper_step_interval"].statements


def test_deviations_are_in_date_order() -> None:
    history = course(
        proteinuria=[(months(3), 5.0)],
        doses=[(days(10, months(3)), 2.0), (months(3), 3.0)],
        stops=[(months(5), StopReason.NON_RESPONSE)],
    )
    found = audit(history)
    assert [d.on for d in found] == sorted(d.on for d in found)
    assert len(found) >= 3


@pytest.mark.parametrize("name", WORKED_CASES)
def test_worked_cases_follow_the_guideline(name: str) -> None:
    assert audit(WORKED_CASES[name].course) == ()


@pytest.mark.parametrize("invariant", INVARIANTS.values(), ids=list(INVARIANTS))
def test_invariants_are_described_and_cited(invariant: object) -> None:
    from guideline import STATEMENTS, Invariant

    assert isinstance(invariant, Invariant)
    assert invariant.description.endswith(".")
    assert set(invariant.statements) <= set(STATEMENTS)


# --- the initial trial (_trial): stops for non-response ---------------------------------


@pytest.mark.parametrize(
    "history",
    [
        responder(stops=[(months(6), StopReason.NON_RESPONSE)]),
        course(
            proteinuria=[(months(5), 4.0)],
            troughs=in_range_troughs(),
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
        course(
            baseline=9.0,
            proteinuria=[(months(3), 8.5), (months(4), 8.0), (months(5), 7.5)],
            troughs=in_range_troughs(),
            stops=[(months(6), StopReason.NON_RESPONSE)],
        ),
        course(
            stops=[(months(2), StopReason.OTHER), (months(10), StopReason.NON_RESPONSE)],
            proteinuria=[(months(3), 0.0), (months(9), 5.0)],
            restarts=[(months(4), 4.0)],
            troughs=in_range_troughs(months(4), until=5),
        ),
    ],
    ids=["in-remission", "fell-30-percent", "high-grade-falling", "zero-baseline"],
)
def test_a_stop_for_non_response_the_trial_would_not_give_is_reported(history: object) -> None:
    assert reported(history) == ["ineffective_stop_only_without_response"]
    assert all(reads_as_phrase(d.message) for d in audit(history))  # type: ignore[arg-type]


def test_a_value_measured_on_the_day_of_month_4_is_a_value_since_month_4() -> None:
    on_the_day = course(
        troughs=in_range_troughs(),
        proteinuria=[(months(4), 5.0), (months(5), 5.0)],
        stops=[(months(6), StopReason.NON_RESPONSE)],
    )
    assert reported(on_the_day) == []
    the_day_before = course(
        troughs=in_range_troughs(),
        proteinuria=[(months(4) - ONE_DAY, 5.0)],
        stops=[(months(6), StopReason.NON_RESPONSE)],
    )
    assert reported(the_day_before) == ["ineffective_stop_only_without_response"]


# --- the taper (_taper): taper steps and the reduced-dose floor --------------------------


def test_adjustments_are_outside_the_taper_rules() -> None:
    adjusted = course(adjustments=[(months(1), 1.0), (days(7, months(1)), 0.5)])
    assert reported(adjusted) == []


@pytest.mark.parametrize(
    ("doses", "deviates"),
    [
        ([*TAPERED, (months(19), 1.0)], False),
        ([(months(6), 3.0), (months(8), 1.0)], True),
    ],
    ids=["after-maintenance", "skipping-the-band"],
)
def test_the_floor_is_judged_on_the_dose_before_the_step(
    doses: list[tuple[object, float]], deviates: bool
) -> None:
    assert ("reduced_dose_floor" in reported(responder(doses=doses))) is deviates


def test_a_dose_raised_the_day_after_a_step_does_not_change_the_verdict_on_the_step() -> None:
    raised = responder(
        doses=[*TAPERED, (months(19), 1.0)], adjustments=[(days(1, months(19)), 4.0)]
    )
    assert "reduced_dose_floor" not in reported(raised)


# --- the stop window (_stop_window): planned stops, continuing past the window -----------


def test_a_stop_for_non_response_early_in_a_relapse_is_judged_as_a_new_trial() -> None:
    """A11: the relapse on the full dose opened a new trial (P6), whose month 6 has not come
    and whose troughs were not judged yet."""
    relapsed = course(
        proteinuria=[
            *complete_remission_at(3),
            (months(5), 5.0),
            (days(7, months(5)), 5.0),
            (months(6), 5.0),
        ],
        troughs=in_range_troughs(),
        stops=[(days(7, months(6)), StopReason.NON_RESPONSE)],
    )
    found = {d.invariant: d.message for d in audit(relapsed)}  # type: ignore[arg-type]
    assert set(found) == {
        "ineffective_stop_only_without_response",
        "ineffective_stop_after_trial",
        "ineffective_stop_at_target_trough",
    }
    new_trial_month_6 = add_months(days(7, months(5)), 6)
    assert f"before month 6 ({new_trial_month_6})" in found["ineffective_stop_after_trial"]


def test_a_planned_stop_without_remission_is_reported() -> None:
    stopped = course(proteinuria=[(months(7), 5.0)], stops=[(months(8), StopReason.PLANNED)])
    (deviation,) = audit(stopped)
    assert deviation.invariant == "planned_stop_in_window"
    assert "without a confirmed remission" in deviation.message


def test_planned_stop_before_any_reduction_is_before_the_window() -> None:
    (deviation,) = audit(responder(stops=[(months(8), StopReason.PLANNED)]))
    assert deviation.invariant == "planned_stop_in_window"
    assert "no reduced dose yet" in deviation.message


def test_every_early_planned_stop_is_reported_not_only_the_first() -> None:
    twice = course(
        proteinuria=[(months(2), 5.0), *complete_remission_at(9)],
        stops=[(months(3), StopReason.PLANNED), (months(10), StopReason.PLANNED)],
        restarts=[(months(4), 4.0)],
    )
    found = [d for d in audit(twice) if d.invariant == "planned_stop_in_window"]  # type: ignore[arg-type]
    assert [d.on for d in found] == [months(3), months(10)]
    assert found[0].message == "planned stop without a confirmed remission"
    assert found[1].message.endswith("(has not opened: no reduced dose yet)")


def test_every_creatinine_rise_left_standing_is_reported_not_only_the_first() -> None:
    first = [*CREATININE_UP, (days(14, months(6)), 1.45), *((months(n), 1.05) for n in (8, 9, 10))]
    second = [(months(14), 1.5), (days(7, months(14)), 1.5), (months(15), 1.05)]
    found = [
        d
        for d in audit(builders.responder(creatinine=[*first, *second]))
        if d.invariant == "creatinine_rise_acted_on"
    ]
    assert [d.on for d in found] == [days(7, months(6)), days(7, months(14))]


def test_a_stop_after_the_reduced_dose_names_the_day_the_window_opens() -> None:
    (deviation,) = audit(responder(doses=TAPERED, stops=[(months(10), StopReason.PLANNED)]))
    assert deviation.message.endswith(f"(opens {months(19)})")


def test_past_stop_window_is_not_reported_once_stopped() -> None:
    stopped = responder(
        doses=TAPERED,
        proteinuria=remission_holding(5, until=30),
        stops=[(months(29), StopReason.PLANNED)],
        creatinine=[(months(30), 1.0)],
    )
    assert reported(stopped) == []


def test_following_the_late_maintenance_advice_is_not_past_the_window() -> None:
    late = responder(
        doses=[(months(6), 3.0), (months(25), 2.0)],
        proteinuria=remission_holding(5, until=38),
        stops=[(months(37), StopReason.PLANNED)],
        creatinine=[(months(38), 1.0)],
    )
    assert reported(late) == []


def test_continuing_after_late_maintenance_is_past_the_window() -> None:
    late = responder(
        doses=[(months(6), 3.0), (months(25), 2.0)],
        proteinuria=remission_holding(5, until=37),
        creatinine=[(months(38), 1.0)],
    )
    (deviation,) = audit(late)
    assert (deviation.invariant, deviation.on) == ("past_stop_window", months(37))


LATE_MAINTENANCE = {
    "doses": [(months(6), 3.0), (months(25), 2.0)],
    "creatinine": [(months(38), 1.0)],
}


def test_a_withdrawal_under_way_when_the_excuse_lapses_is_not_continuation() -> None:
    """D19: the course above, whose withdrawal began a month before: not past the window."""
    withdrawing = responder(
        **LATE_MAINTENANCE,
        proteinuria=remission_holding(5, until=37),
        withdrawals=[(months(36), 1.0)],
    )
    assert reported(withdrawing) == []
    without = replace(withdrawing, dose_changes=withdrawing.dose_changes[:-1])
    assert reported(without) == ["past_stop_window"]


def test_a_stop_while_a_hold_excuses_the_dose_is_not_continuation() -> None:
    """P1, D18: a suspected relapse holds the dose to its review; stopped before it, the CNI
    was not continued past the window."""
    values = [v for v in remission_holding(5, until=37) if v[0] < months(37)]
    held_then_stopped = responder(
        **LATE_MAINTENANCE,
        proteinuria=[*values, (months(37), 4.0), (days(10, months(37)), 0.2)],
        stops=[(days(3, months(37)), StopReason.OTHER)],
    )
    assert reported(held_then_stopped) == []
    assert "past_stop_window" in reported(replace(held_then_stopped, discontinuations=()))


@pytest.mark.parametrize(
    ("measured_after_weeks", "reported_on"),
    [
        pytest.param(PROMPT_REVIEW_WEEKS, None, id="values-by-the-review"),
        pytest.param(
            PROMPT_REVIEW_WEEKS + 1,
            add_weeks(months(29) + ONE_DAY, PROMPT_REVIEW_WEEKS) + ONE_DAY,
            id="values-after-the-review",
        ),
    ],
)
def test_a_hold_for_out_of_date_values_excuses_the_cni_until_its_review(
    measured_after_weeks: int, reported_on: date | None
) -> None:
    """P1, D18: past the window with no recent value the dose is kept for a review ≤ 2 weeks."""
    stale = responder(
        doses=TAPERED,
        proteinuria=remission_holding(5, until=24),
        creatinine=[(months(29), 1.0)],
        stops=[(add_weeks(months(29), measured_after_weeks), StopReason.PLANNED)],
    )
    found = [d.on for d in audit(stale) if d.invariant == "past_stop_window"]
    assert found == ([] if reported_on is None else [reported_on])


def test_a_relapse_on_the_first_day_past_the_window_still_counts_as_continued() -> None:
    day = months(29) + ONE_DAY
    relapse = [*remission_holding(5, until=29), (day - timedelta(days=7), 5.0), (day, 5.0)]
    (deviation,) = audit(responder(doses=TAPERED, proteinuria=relapse))
    assert (deviation.invariant, deviation.on) == ("past_stop_window", day)


def test_a_remission_that_ended_before_the_window_closed_is_not_past_it() -> None:
    before = remission_holding(5, until=19)
    relapse = [*before, (months(20) - timedelta(days=7), 5.0), (months(20), 5.0)]
    assert (
        reported(responder(doses=TAPERED, proteinuria=relapse, creatinine=[(months(31), 1.0)]))
        == []
    )


def test_a_restart_the_day_after_the_stop_window_closes_is_not_continuation() -> None:
    restarted = tapered(
        troughs=in_range_troughs(until=19),
        stops=[(months(20), StopReason.PLANNED)],
        restarts=[(days(1, months(29)), 2.0)],
    )
    assert "past_stop_window" not in {deviation.invariant for deviation in audit(restarted)}


def test_a_dose_above_the_band_after_the_window_is_not_yet_continuation() -> None:
    # Reduced dose first reached at month 31, after the window closed at month 29:
    # maintenance is not complete by the last entry, so nothing is flagged yet (A8).
    late = course(
        proteinuria=complete_remission_at(5),
        troughs=in_range_troughs(until=19),
        adjustments=[(months(30), 3.0)],
        doses=[(months(31), 2.0)],
    )
    assert "past_stop_window" not in {deviation.invariant for deviation in audit(late)}
