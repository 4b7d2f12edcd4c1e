"""Behaviour that mutation testing (scripts/mutation) showed no other test pinned down.

Each test states a clinical or validation rule; the mutants it kills are listed in
the mutmut results, not here. Equivalent mutants are in tests/equivalent_mutants.txt.
"""

from __future__ import annotations

from datetime import date

from guideline import (
    AssessmentKind,
    Course,
    CreatinineUnit,
    StopReason,
    recommend,
)
from guideline.examples import WORKED_CASES

from .builders import (
    complete_remission_at,
    course,
    days,
    in_range_troughs,
    months,
    tapered,
)

D = date(2025, 3, 1)
MG = CreatinineUnit.MG_PER_DL


def explained(history: Course, on: date) -> tuple[str, ...]:
    return recommend(history, on).explanation


# --- what every recommendation cites ------------------------------------------------


def test_every_recommendation_applies_the_calendar_rule() -> None:
    for case in WORKED_CASES.values():
        for on in case.dates:
            assert "D1" in recommend(case.course, on).interpretations, (case.name, on)


# --- the explanation: the inputs and thresholds used, one line each ----------------


def test_explanation_gives_the_dose_band_last_step_and_maintenance_dates() -> None:
    lines = explained(tapered(), months(8))
    assert "dose 2 mg/day; reduced band 1.6-2.4 mg/day" in lines
    assert f"last taper step on {months(7)} to 2 mg/day" in lines
    assert (
        f"reduced dose since {months(7)}; maintenance complete on {months(19)}; "
        f"stop window {months(19)} to {months(29)}"
    ) in lines


def test_explanation_gives_no_dose_band_before_remission() -> None:
    lines = explained(course(proteinuria=[(months(3), 5.0)]), months(3))
    assert not any(line.startswith("dose ") for line in lines)


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


def test_explanation_gives_the_latest_trough_against_the_target() -> None:
    lines = explained(course(troughs=[(months(1), 4.5), (months(2), 6.5)]), months(3))
    assert f"latest trough 6.5 ng/mL on {months(2)}; target 5-8 ng/mL" in lines


def test_unchanged_proteinuria_is_not_explained_as_a_rise() -> None:
    unchanged = explained(course(baseline=6.0, proteinuria=[(months(5), 6.0)]), months(5))
    line = next(line for line in unchanged if line.startswith("proteinuria "))
    assert "0.0%" in line
    assert "above the baseline" not in line
    risen = explained(course(baseline=6.0, proteinuria=[(months(5), 7.5)]), months(5))
    assert any("25.0% above the baseline" in line for line in risen)


# --- validation: the reason is the part of the error a user reads ------------------


# --- the course model ---------------------------------------------------------------


# --- dependence: which relapses count (D10) ----------------------------------------


# --- traceability ------------------------------------------------------------------
