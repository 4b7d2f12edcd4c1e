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


def fixed(params: Parameters) -> Parameters:
    """Drawn parameters with tacrolimus in half-milligram steps, so that the doses used
    below (multiples of 0.5 mg) can be given (D20)."""
    return replace(params, tacrolimus_dose_step_mg=0.5)


def drawn(draw: st.DrawFn) -> tuple[date, Parameters]:
    return draw(start_dates()), fixed(draw(parameters()))


def holding(values: list[tuple[date, float]], *before: date) -> list[tuple[date, float]]:
    """``values`` plus a copy of the last value the day before each date of ``before`` that
    comes after it, so that each step or stop rests on a recent value (D18)."""
    kept = sorted(values)
    for day in sorted(before):
        if kept and day - DAY > kept[-1][0]:
            kept.append((day - DAY, kept[-1][1]))
    return kept


# Each generator draws (course, parameters) that break exactly its invariant.


@st.composite
def taper_without_remission(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    step = draw(between(start + DAY, add_months(start, 8)))
    dose = draw(st.sampled_from([2.0, 2.5, 3.0, 3.5]))
    no_remission = holding([(add_months(start, 2), draw(st.floats(3.6, 8.0)))], step)
    return build(start, proteinuria=no_remission, steps=[(step, dose)]), params


@st.composite
def taper_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    partial = draw(st.booleans())
    month = draw(st.integers(2, 11 if partial else 5))
    values = remission(start, month, params, 2.0 if partial else 0.2)
    minimum = add_months(start, 12 if partial else 6)
    step = draw(between(add_months(start, month), minimum - DAY))
    return build(start, proteinuria=holding(values, step), steps=[(step, 3.0)]), params


@st.composite
def taper_steps_too_close(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    month = draw(st.integers(2, 6))
    first = draw(between(add_months(start, 6), add_months(start, 8)))
    second = first + draw(st.integers(2, 27)) * DAY
    values = holding(remission(start, month, params), first, second)
    return build(start, proteinuria=values, steps=[(first, 3.5), (second, 3.0)]), params


@st.composite
def taper_during_nephrotoxicity(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    step = draw(between(add_months(start, 6), add_months(start, 9)))
    rise = draw(st.floats(1.21, 2.5))
    values = holding(remission(start, draw(st.integers(2, 6)), params), step)
    return build(start, proteinuria=values, creatinine=[(step, rise)], steps=[(step, 3.0)]), params


@st.composite
def taper_on_a_relapse_signal(draw: st.DrawFn) -> tuple[Course, Parameters]:
    """A step on one value in the nephrotic range (D14a) or one well above the lowest (D14b)."""
    start, params = drawn(draw)
    step = draw(between(add_months(start, 6), add_months(start, 9)))
    signal = draw(st.one_of(st.floats(3.51, 9.0), st.floats(0.31, 3.5)))
    values = [
        *remission(start, draw(st.integers(2, 5)), params),
        (step - draw(st.integers(0, 20)) * DAY, max(signal, 0.2 * (1 + params.rise_fraction))),
    ]
    return build(start, proteinuria=values, steps=[(step, 3.0)]), params


@st.composite
def step_on_old_values(draw: st.DrawFn) -> tuple[Course, Parameters]:
    """A first step more than 3 months after the last value, or a second with none since
    the first (D18, P9)."""
    start, params = drawn(draw)
    values = remission(start, 2, params)
    if draw(st.booleans()):
        step = draw(between(add_months(start, 6), add_months(start, 9)))
        return build(start, proteinuria=values, steps=[(step, 3.0)]), params
    first = add_months(start, 6)
    second = first + draw(st.integers(28, 56)) * DAY
    values = holding(values, first)
    return build(start, proteinuria=values, steps=[(first, 3.0), (second, 2.0)]), params


def non_response_values(start: date) -> list[tuple[date, float]]:
    """Flat proteinuria well short of any threshold: a fall of 5%, confirmed from month 4."""
    return [(add_months(start, 4), BASELINE * 0.95), (add_months(start, 5), BASELINE * 0.95)]


@st.composite
def ineffective_stop_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
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
    start, params = drawn(draw)
    stop = draw(between(add_months(start, 6), add_months(start, 8)))
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
    start, params = drawn(draw)
    stop = draw(between(add_months(start, 6), add_months(start, 7)))
    variant = draw(st.sampled_from(["remission", "fell", "no_value", "one_value", "high_grade"]))
    threshold = params.nonresponse_threshold
    values = {
        "remission": remission(start, 5, params),
        "fell": [(add_months(start, 5), BASELINE * (1 - threshold) * draw(st.floats(0.9, 0.99)))],
        "no_value": [(add_months(start, 4) - DAY, BASELINE)],
        "one_value": [(add_months(start, 5), BASELINE)],
        "high_grade": [
            (add_months(start, 3), 5.9),
            (add_months(start, 4), 5.8),
            (add_months(start, 5), 5.7),
        ],
    }[variant]
    if variant == "high_grade":
        params = replace(params, high_grade_proteinuria=BASELINE, trend_fall=0.05, trend_weeks=8)
    return build(start, proteinuria=values, stop=(stop, StopReason.NON_RESPONSE)), params


@st.composite
def continued_past_the_trial_bound(draw: st.DrawFn) -> tuple[Course, Parameters]:
    """A response short of remission, measured every month, the CNI never stopped (D13)."""
    start, params = drawn(draw)
    level = BASELINE * draw(st.floats(0.55, 0.65))
    last = draw(st.integers(14, 17))
    values = [(add_months(start, month), level) for month in range(1, last + 1)]
    troughs = [start + 14 * n * DAY for n in range(1, 2 * last + 2)]
    return build(start, proteinuria=values, troughs=troughs), params


@st.composite
def planned_stop_too_early(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    variant = draw(st.sampled_from(["no_remission", "not_reduced", "in_maintenance"]))
    steps = [(add_months(start, 6), 2.0)]
    if variant == "no_remission":
        values, steps = [(add_months(start, 3), 5.0)], []
        stop = draw(between(add_months(start, 6), add_months(start, 11)))
    elif variant == "not_reduced":
        values, steps = remission(start, 4, params), []
        stop = draw(between(add_months(start, 5), add_months(start, 20)))
    else:
        values = remission(start, 4, params)
        stop = draw(between(add_months(start, 6) + DAY, add_months(start, 18) - DAY))
    values = holding(values, stop)
    return build(start, proteinuria=values, steps=steps, stop=(stop, StopReason.PLANNED)), params


@st.composite
def below_the_floor(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    floor = 4.0 * (0.5 - params.reduced_dose_tolerance)
    first = add_months(start, 6)
    second = draw(between(first + 28 * DAY, add_months(start, 18) - DAY))
    low = draw(st.sampled_from([dose for dose in (0.5, 1.0, 1.5) if dose < floor]))
    values = holding(remission(start, 4, params), first, second)
    return build(start, proteinuria=values, steps=[(first, 3.0), (second, low)]), params


@st.composite
def continued_past_the_window(draw: st.DrawFn) -> tuple[Course, Parameters]:
    start, params = drawn(draw)
    month = draw(st.integers(2, 6))
    closes = add_months(add_months(start, month), 24)
    values = holding(remission(start, month, params), add_months(start, 6), closes + DAY)
    last = draw(between(closes + DAY, closes + 400 * DAY))
    course = build(
        start, proteinuria=values, steps=[(add_months(start, 6), 2.0)], creatinine=[(last, 1.0)]
    )
    return course, params


@st.composite
def creatinine_rise_left_alone(draw: st.DrawFn) -> tuple[Course, Parameters]:
    """A confirmed rise above 1.3 times the baseline, trough at target, no lower dose (D17)."""
    start, params = drawn(draw)
    first = draw(between(add_months(start, 1), add_months(start, 10)))
    second = first + draw(st.integers(params.confirmation_gap_days, 40)) * DAY
    rise = [(first, draw(st.floats(1.31, 2.0))), (second, draw(st.floats(1.31, 2.0)))]
    values = remission(start, 4, params)
    return build(start, proteinuria=values, creatinine=rise), params


@st.composite
def dose_between_steps(draw: st.DrawFn) -> tuple[Course, Parameters]:
    """A taper step to a dose no number of half-milligram capsules gives (D20)."""
    start, params = drawn(draw)
    step = draw(between(add_months(start, 6), add_months(start, 8)))
    dose = draw(st.sampled_from([2.2, 2.75, 3.1, 3.25, 3.9]))
    values = holding(remission(start, 4, params), step)
    return build(start, proteinuria=values, steps=[(step, dose)]), params


BREAKERS: dict[str, Callable[[], st.SearchStrategy[tuple[Course, Parameters]]]] = {
    "taper_only_in_remission": taper_without_remission,
    "taper_not_before_minimum": taper_too_early,
    "taper_step_interval": taper_steps_too_close,
    "taper_held_by_nephrotoxicity": taper_during_nephrotoxicity,
    "held_by_relapse_signal": taper_on_a_relapse_signal,
    "held_by_old_values": step_on_old_values,
    "ineffective_stop_after_trial": ineffective_stop_too_early,
    "ineffective_stop_at_target_trough": ineffective_stop_without_target_trough,
    "ineffective_stop_only_without_response": ineffective_stop_despite_response,
    "trial_bounded": continued_past_the_trial_bound,
    "planned_stop_in_window": planned_stop_too_early,
    "reduced_dose_floor": below_the_floor,
    "past_stop_window": continued_past_the_window,
    "creatinine_rise_acted_on": creatinine_rise_left_alone,
    "dose_on_step": dose_between_steps,
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
