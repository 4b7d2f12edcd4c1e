"""Audit sensitivity: for each invariant, generated histories that break it on purpose.

``audit`` must report that invariant and no other. Every history is drawn with
random dates, doses and parameters; the parts that must not break another
invariant are kept clear of it (creatinine at baseline, records ending before
the stop window closes, taper steps above the floor and 4 weeks apart).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    INVARIANTS,
    Agent,
    Course,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    Parameters,
    Proteinuria,
    ProteinuriaUnit,
    StopReason,
    Trough,
    TroughRange,
    add_months,
    audit,
)
from guideline.strategies import parameters, start_dates

from .wording import reads_as_phrase

pytestmark = pytest.mark.properties

G = ProteinuriaUnit.G_PER_DAY
MG = CreatinineUnit.MG_PER_DL
BASELINE = 6.0
DAY = timedelta(days=1)


def build(
    start: date,
    *,
    proteinuria: list[tuple[date, float]] = (),  # type: ignore[assignment]
    creatinine: list[tuple[date, float]] = (),  # type: ignore[assignment]
    troughs: list[date] | None = None,
    steps: list[tuple[date, float]] = (),  # type: ignore[assignment]
    stop: tuple[date, StopReason] | None = None,
    dose: float = 4.0,
) -> Course:
    """A course with baselines before ``start`` and troughs at target every 14 days."""
    trough_days = troughs if troughs is not None else [start + 14 * n * DAY for n in range(1, 40)]
    end = stop[0] if stop else None
    return Course(
        agent=Agent.TACROLIMUS,
        start=start,
        starting_dose_mg_per_day=dose,
        target_trough=TroughRange(5.0, 8.0),
        proteinuria=(
            Proteinuria(start - 3 * DAY, BASELINE, G),
            *(Proteinuria(on, value, G) for on, value in proteinuria),
        ),
        creatinine=(
            Creatinine(start - 3 * DAY, 1.0, MG),
            *(Creatinine(on, value, MG) for on, value in creatinine),
        ),
        troughs=tuple(Trough(on, 6.0) for on in trough_days if end is None or on < end),
        dose_changes=tuple(DoseChange(on, value, DoseChangeReason.TAPER) for on, value in steps),
        discontinuations=(Discontinuation(*stop),) if stop else (),
    )


def remission(start: date, month: int, params: Parameters, value: float = 0.2) -> list:
    """Two qualifying values, the second (confirming) one at ``start + month`` months."""
    confirm = add_months(start, month)
    return [(confirm - params.confirmation_gap_days * DAY, value), (confirm, value)]


def between(low: date, high: date) -> st.SearchStrategy[date]:
    return st.dates(low, max(low, high))


# Each generator draws (course, parameters) that break exactly its invariant.


@st.composite
def taper_without_remission(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    step = draw(between(start + DAY, add_months(start, 20)))
    dose = draw(st.floats(2.0, 3.9))
    no_remission = [(add_months(start, 2), draw(st.floats(3.6, 8.0)))]
    return build(start, proteinuria=no_remission, steps=[(step, dose)]), params


@st.composite
def taper_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    partial = draw(st.booleans())
    month = draw(st.integers(2, 11 if partial else 5))
    values = remission(start, month, params, 2.0 if partial else 0.2)
    minimum = add_months(start, 12 if partial else 6)
    step = draw(between(add_months(start, month), minimum - DAY))
    return build(start, proteinuria=values, steps=[(step, 3.0)]), params


@st.composite
def taper_steps_too_close(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    month = draw(st.integers(2, 6))
    first = draw(between(add_months(start, 6), add_months(start, 8)))
    second = first + draw(st.integers(1, 27)) * DAY
    values = remission(start, month, params)
    return build(start, proteinuria=values, steps=[(first, 3.6), (second, 3.2)]), params


@st.composite
def taper_during_nephrotoxicity(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    step = draw(between(add_months(start, 6), add_months(start, 9)))
    rise = draw(st.floats(1.21, 2.5))
    values = remission(start, draw(st.integers(2, 6)), params)
    return build(start, proteinuria=values, creatinine=[(step, rise)], steps=[(step, 3.0)]), params


@st.composite
def taper_on_a_nephrotic_value(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    step = draw(between(add_months(start, 6), add_months(start, 9)))
    values = [
        *remission(start, draw(st.integers(2, 5)), params),
        (step - draw(st.integers(0, 20)) * DAY, draw(st.floats(3.51, 9.0))),
    ]
    return build(start, proteinuria=values, steps=[(step, 3.0)]), params


def non_response_values(start: date) -> list[tuple[date, float]]:
    """Flat proteinuria well short of any threshold: a fall of 5%."""
    return [(add_months(start, 4), BASELINE * 0.95), (add_months(start, 5), BASELINE * 0.95)]


@st.composite
def ineffective_stop_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    earliest = add_months(start + 7 * DAY, 4) + 14 * DAY
    stop = draw(between(max(earliest, add_months(start, 5)), add_months(start, 6) - DAY))
    troughs = [start + 7 * DAY + 7 * n * DAY for n in range(40)]
    course = build(
        start,
        proteinuria=non_response_values(start),
        troughs=troughs,
        stop=(stop, StopReason.NON_RESPONSE),
    )
    return course, params


@st.composite
def ineffective_stop_without_target_trough(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    stop = draw(between(add_months(start, 6), add_months(start, 12)))
    variant = draw(st.sampled_from(["none", "latest_low", "too_recent", "none_after_month_4"]))
    troughs = {
        "none": [],
        "latest_low": [stop - 60 * DAY, stop - DAY],
        "too_recent": [stop - 100 * DAY, stop - DAY],
        "none_after_month_4": [start + 7 * DAY, add_months(start, 4) - DAY],
    }[variant]
    course = build(
        start,
        proteinuria=non_response_values(start),
        troughs=troughs,
        stop=(stop, StopReason.NON_RESPONSE),
    )
    if variant == "latest_low":
        course = replace(course, troughs=(Trough(stop - 60 * DAY, 6.0), Trough(stop - DAY, 4.0)))
    return course, params


@st.composite
def ineffective_stop_despite_response(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    stop = draw(between(add_months(start, 6), add_months(start, 12)))
    variant = draw(st.sampled_from(["remission", "fell", "no_value", "high_grade"]))
    threshold = params.nonresponse_threshold
    values = {
        "remission": remission(start, 5, params),
        "fell": [(add_months(start, 5), BASELINE * (1 - threshold) * draw(st.floats(0.9, 0.99)))],
        "no_value": [(add_months(start, 4) - DAY, BASELINE)],
        "high_grade": [
            (add_months(start, 3), 5.9),
            (add_months(start, 4), 5.8),
            (add_months(start, 5), 5.7),
        ],
    }[variant]
    if variant == "high_grade":
        params = replace(params, high_grade_proteinuria=BASELINE)
    return build(start, proteinuria=values, stop=(stop, StopReason.NON_RESPONSE)), params


@st.composite
def planned_stop_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    variant = draw(st.sampled_from(["no_remission", "not_reduced", "in_maintenance"]))
    steps = [(add_months(start, 6), 2.0)]
    if variant == "no_remission":
        values, steps = [(add_months(start, 3), 5.0)], []
        stop = draw(between(add_months(start, 6), add_months(start, 20)))
    elif variant == "not_reduced":
        values, steps = remission(start, 4, params), []
        stop = draw(between(add_months(start, 5), add_months(start, 20)))
    else:
        values = remission(start, 4, params)
        stop = draw(between(add_months(start, 6) + DAY, add_months(start, 18) - DAY))
    return build(start, proteinuria=values, steps=steps, stop=(stop, StopReason.PLANNED)), params


@st.composite
def below_the_floor(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    floor = 4.0 * (0.5 - params.reduced_dose_tolerance)
    first = add_months(start, 6)
    second = draw(between(first + 28 * DAY, add_months(start, 18) - DAY))
    low = floor * draw(st.floats(0.2, 0.95))
    values = remission(start, 4, params)
    steps = [(first, 3.0)] if second > first else []
    return build(start, proteinuria=values, steps=[*steps, (second, low)]), params


@st.composite
def continued_past_the_window(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = draw(start_dates()), draw(parameters())
    month = draw(st.integers(2, 6))
    values = remission(start, month, params)
    closes = add_months(add_months(start, month), 24)
    last = draw(between(closes + DAY, closes + 400 * DAY))
    course = build(
        start, proteinuria=values, steps=[(add_months(start, 6), 2.0)], creatinine=[(last, 1.0)]
    )
    return course, params


BREAKERS: dict[str, Callable[[], st.SearchStrategy[tuple[Course, Parameters]]]] = {
    "taper_only_in_remission": taper_without_remission,
    "taper_not_before_minimum": taper_too_early,
    "taper_step_interval": taper_steps_too_close,
    "taper_held_by_nephrotoxicity": taper_during_nephrotoxicity,
    "taper_held_by_relapse_signal": taper_on_a_nephrotic_value,
    "ineffective_stop_after_trial": ineffective_stop_too_early,
    "ineffective_stop_at_target_trough": ineffective_stop_without_target_trough,
    "ineffective_stop_only_without_response": ineffective_stop_despite_response,
    "planned_stop_in_window": planned_stop_too_early,
    "reduced_dose_floor": below_the_floor,
    "past_stop_window": continued_past_the_window,
}


def test_every_invariant_can_be_broken() -> None:
    assert set(BREAKERS) == set(INVARIANTS)


@pytest.mark.parametrize(
    "invariant", [pytest.param(i, marks=pytest.mark.invariant(i)) for i in BREAKERS]
)
@given(data=st.data())
def test_audit_reports_the_broken_invariant_and_no_other(
    invariant: str, data: st.DataObject
) -> None:
    course, params = data.draw(BREAKERS[invariant]())
    deviations = audit(course, params)
    assert {deviation.invariant for deviation in deviations} == {invariant}
    assert all(reads_as_phrase(deviation.message) for deviation in deviations)
