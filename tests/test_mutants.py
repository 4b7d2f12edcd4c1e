"""Behaviour that mutation testing (scripts/mutation) showed no other test pinned down.

Each test states a clinical or validation rule; the mutants it kills are listed in
the mutmut results, not here. Equivalent mutants are in tests/equivalent_mutants.txt.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from guideline import (
    Action,
    AdverseEffect,
    AssessmentKind,
    Course,
    CourseError,
    Creatinine,
    CreatinineUnit,
    GuidelineError,
    ParameterError,
    Parameters,
    Phase,
    Proteinuria,
    ProteinuriaUnit,
    StopReason,
    Trough,
    _traceability,
    add_months,
    add_weeks,
    audit,
    implementations,
    plan,
    recommend,
)
from guideline.examples import WORKED_CASES, dependence

from .builders import (
    BASELINE_DAY,
    SERIES,
    T0,
    complete_remission_at,
    course,
    days,
    in_range_troughs,
    months,
)

ONE_DAY = timedelta(days=1)
D = date(2025, 3, 1)
MG = CreatinineUnit.MG_PER_DL


def tapered(**extra: object) -> Course:
    """Complete remission at month 5, tapered 4 -> 3 -> 2 mg/day at months 6 and 7."""
    args: dict[str, object] = {
        "proteinuria": complete_remission_at(5),
        "troughs": in_range_troughs(),
        "doses": [(months(6), 3.0), (months(7), 2.0)],
    }
    args.update(extra)
    return course(**args)  # type: ignore[arg-type]


def explained(history: Course, on: date) -> tuple[str, ...]:
    return recommend(history, on).explanation


# --- what every recommendation cites ------------------------------------------------


def test_every_recommendation_applies_the_calendar_rule() -> None:
    for case in WORKED_CASES.values():
        for on in case.dates:
            assert "D1" in recommend(case.course, on).interpretations, (case.name, on)


def test_dependence_advice_names_the_alternative_and_cites_the_definition() -> None:
    advice = recommend(dependence(), date(2027, 12, 15))
    assert advice.action is Action.CONSIDER_RITUXIMAB
    assert "rituximab" in advice.rationale
    assert "dependence" in advice.rationale
    assert "D10" in advice.interpretations


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


@pytest.mark.parametrize(
    ("latest", "relation"),
    [(1.3, "above"), (1.2, "at or below")],
    ids=["over-the-limit", "at-the-limit"],
)
def test_creatinine_explanation_states_the_comparison_in_its_unit(
    latest: float, relation: str
) -> None:
    lines = explained(course(creatinine=[(months(2), latest)]), months(2))
    stated = f"creatinine {latest:g} mg/dL on {months(2)} is {relation} 1.2 mg/dL"
    assert any(line.startswith(stated) for line in lines)


# --- validation: the reason is the part of the error a user reads ------------------


def _two_stops() -> Course:
    return course(stops=[(months(2), StopReason.OTHER), (months(3), StopReason.OTHER)])


def _mixed_creatinine_units() -> Course:
    return dataclasses.replace(
        course(),
        creatinine=(
            Creatinine(BASELINE_DAY, 1.0, MG),
            Creatinine(months(1), 90.0, CreatinineUnit.UMOL_PER_L),
        ),
    )


REFUSALS: dict[str, tuple[Callable[[], object], str, str]] = {
    "date-as-text": (
        lambda: Trough("2025-03-01", 6.0),  # type: ignore[arg-type]
        "on",
        "must be a calendar date (datetime.date, no time)",
    ),
    "number-as-text": (lambda: Trough(D, "6"), "value", "must be a number"),  # type: ignore[arg-type]
    "huge-int": (lambda: Trough(D, 10**400), "value", "must be between 1e-06 and 1e+06"),
    "nan": (lambda: Trough(D, math.nan), "value", "must be a finite number"),
    "negative-where-zero-is-possible": (lambda: Trough(D, -1.0), "value", "must be zero or more"),
    "zero-where-zero-is-impossible": (
        lambda: Creatinine(D, 0.0, MG),
        "value",
        "must be above zero",
    ),
    "unknown-agent": (
        lambda: course(agent="ciclosporin"),  # type: ignore[arg-type]
        "agent",
        'must be one of "cyclosporine", "tacrolimus"',
    ),
    "fractional-confirmation-gap": (
        lambda: Parameters(confirmation_gap_days=7.5),  # type: ignore[arg-type]
        "confirmation_gap_days",
        "must be a whole number of days",
    ),
    "target-as-tuple": (
        lambda: dataclasses.replace(course(), target_trough=(5, 8)),  # type: ignore[arg-type]
        "target_trough",
        "must be a TroughRange",
    ),
    "zero-baseline": (
        lambda: course(baseline=0.0),
        "proteinuria[0].value",
        "the baseline (the last value on or before the start date) must be above zero",
    ),
    "second-creatinine-unit": (
        _mixed_creatinine_units,
        "creatinine[1].unit",
        "must match creatinine[0].unit mg/dL",
    ),
    "dose-change-on-a-stop-date": (
        lambda: course(stops=[(months(2), StopReason.OTHER)], adjustments=[(months(2), 3.0)]),
        "dose_changes[0].on",
        "falls on a stop or restart date, or while the CNI is stopped",
    ),
    "restart-on-a-stop-date": (
        lambda: course(stops=[(months(2), StopReason.OTHER)], restarts=[(months(2), 4.0)]),
        "restarts[0].on",
        "a stop and a restart cannot share a date",
    ),
    "restart-without-a-stop": (
        lambda: course(restarts=[(months(2), 4.0)]),
        "restarts[0].on",
        "has no discontinuation before it",
    ),
    "second-stop-without-a-restart": (
        _two_stops,
        "discontinuations[1].on",
        "comes while the CNI is already stopped",
    ),
    "series-not-a-list": (
        lambda: dataclasses.replace(course(), troughs="6.0"),  # type: ignore[arg-type]
        "troughs",
        "must be a list of entries",
    ),
}


@pytest.mark.parametrize(("build", "field", "reason"), REFUSALS.values(), ids=list(REFUSALS))
def test_refusals_state_their_reason_in_plain_words(
    build: Callable[[], object], field: str, reason: str
) -> None:
    with pytest.raises(GuidelineError) as err:
        build()
    assert (err.value.field, err.value.reason) == (field, reason)
    assert str(err.value).startswith(f"{field}: {reason} (got ")


def test_a_huge_integer_is_refused_as_out_of_range_and_reported_as_given() -> None:
    huge = 10**400
    with pytest.raises(CourseError) as err:
        Proteinuria(D, huge, ProteinuriaUnit.G_PER_DAY)
    assert (err.value.value, err.value.reason) == (huge, "must be between 1e-06 and 1e+06")
    with pytest.raises(ParameterError) as parameter_err:
        Parameters(high_grade_proteinuria=huge)
    assert (parameter_err.value.value, parameter_err.value.reason) == (huge, "is too large")


def test_a_zero_baseline_is_reported_with_its_value() -> None:
    with pytest.raises(CourseError) as err:
        course(baseline=0.0)
    assert err.value.value == 0.0


@pytest.mark.parametrize(
    ("build", "given"),
    [
        (lambda: Trough(date(2200, 1, 1), 6.0), date(2200, 1, 1)),
        (lambda: Trough(D, 2e6), 2e6),
    ],
    ids=["date-past-the-range", "number-past-the-range"],
)
def test_implausible_values_are_reported_as_given(
    build: Callable[[], object], given: object
) -> None:
    with pytest.raises(CourseError) as err:
        build()
    assert err.value.value == given


def test_the_baseline_is_the_latest_value_up_to_the_start_whatever_the_order_given() -> None:
    zero_on_the_start = (
        Proteinuria(T0, 0.0, ProteinuriaUnit.G_PER_DAY),
        Proteinuria(BASELINE_DAY, 6.0, ProteinuriaUnit.G_PER_DAY),
    )
    with pytest.raises(CourseError) as err:
        dataclasses.replace(course(), proteinuria=zero_on_the_start)
    assert err.value.field == "proteinuria[0].value"
    zero_before_the_baseline = (
        Proteinuria(BASELINE_DAY, 6.0, ProteinuriaUnit.G_PER_DAY),
        Proteinuria(BASELINE_DAY - ONE_DAY, 0.0, ProteinuriaUnit.G_PER_DAY),
    )
    accepted = dataclasses.replace(course(), proteinuria=zero_before_the_baseline)
    assert (
        recommend(accepted, T0)
        .explanation[0]
        .endswith(f"baseline proteinuria 6 g/day on {BASELINE_DAY}")
    )


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: add_months("2025-01-31", 1), '"2025-01-31"'),  # type: ignore[arg-type]
        (lambda: add_weeks(T0, 1.5), "1.5"),  # type: ignore[arg-type]
    ],
    ids=["start-as-text", "fractional-weeks"],
)
def test_calendar_type_errors_name_the_bad_argument(call: Callable[[], date], named: str) -> None:
    with pytest.raises(TypeError) as err:
        call()
    assert named in str(err.value)


# --- the course model ---------------------------------------------------------------


def test_as_of_drops_every_entry_dated_after_the_date() -> None:
    cut = months(4)
    before, after = months(1), months(5)
    full = course(
        proteinuria=[(before, 5.0), (after, 4.0)],
        creatinine=[(before, 1.0), (after, 1.1)],
        troughs=[(before, 6.0), (after, 6.0)],
        adjustments=[(before, 3.5), (after, 3.0)],
        stops=[(months(2), StopReason.OTHER), (months(6), StopReason.OTHER)],
        restarts=[(months(3), 4.0), (months(7), 4.0)],
        assessments=[(before, AssessmentKind.PARTIAL_REMISSION), (after, AssessmentKind.RELAPSE)],
        adverse=[(before, AdverseEffect.HYPERTENSION), (after, AdverseEffect.NEUROTOXICITY)],
    )
    known = full.as_of(cut)
    series = [field.name for field in dataclasses.fields(Course) if field.name in SERIES]
    assert sorted(series) == sorted(SERIES)
    for name in series:
        kept = tuple(item for item in getattr(full, name) if item.on <= cut)
        assert 0 < len(kept) < len(getattr(full, name)), name
        assert getattr(known, name) == kept, name


def test_no_dose_is_in_force_before_the_first_dose() -> None:
    history = course(dose=4.0)
    assert history.dose_on(T0 - ONE_DAY) is None
    assert history.dose_before(T0) is None
    assert history.dose_on(T0) == 4.0


def test_a_baseline_measured_on_the_day_of_the_first_dose_is_not_part_of_the_trend() -> None:
    # G1: a high-grade baseline defers the stop only if the values *after* the start keep
    # falling; with two values after the start there is no trend, whatever the baseline.
    history = course(
        proteinuria=[(T0, 9.0), (months(4), 7.5), (months(5), 7.0)],
        troughs=in_range_troughs(),
    )
    assert recommend(history, months(6)).action is Action.STOP_INEFFECTIVE


def test_a_dose_adjustment_during_the_taper_does_not_restart_the_step_interval() -> None:
    adjusted = tapered(doses=[(months(6), 3.0)], adjustments=[(days(14, months(6)), 3.2)])
    due = add_weeks(months(6), 4)
    advice = recommend(adjusted, due)
    assert (advice.action, advice.dose_mg_per_day) == (Action.REDUCE_DOSE, 2.2)
    assert f"last taper step on {months(6)} to 3 mg/day" in advice.explanation


def test_a_dose_lowered_before_remission_starts_no_maintenance() -> None:
    lowered = course(
        proteinuria=[(months(5), 5.0)], troughs=in_range_troughs(), adjustments=[(months(2), 2.0)]
    )
    laid_out = plan(lowered, months(5))
    assert laid_out.phase is Phase.INITIAL_TRIAL
    assert laid_out.reduced_dose_reached is None
    assert laid_out.maintenance_end is None
    assert "reduced_dose_reached" not in {milestone.name for milestone in laid_out.milestones}


# --- dependence: which relapses count (D10) ----------------------------------------


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


# --- audit: continued past the stop window (D8, A8) -------------------------------


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


# --- traceability ------------------------------------------------------------------


def test_implements_records_each_function_under_each_of_its_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = {id_: list(paths) for id_, paths in _traceability._REGISTRY.items()}
    monkeypatch.setattr(_traceability, "_REGISTRY", registry)
    unimplemented = "A4"
    assert unimplemented not in implementations()

    def rule() -> None: ...

    assert _traceability.implements("C1", unimplemented)(rule) is rule
    path = f"{__name__}.{rule.__qualname__}"
    found = implementations()
    assert found[unimplemented] == (path,)
    assert found["C1"][-1] == path
    assert path not in found["C2"]
