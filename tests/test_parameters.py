"""Parameters: defaults, both bounds of every field, and every kind of bad value refused.

Every parametrized test runs over :data:`PARAMETER_RANGES`, so a new field is covered
as soon as it is given a range.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from guideline import DEFAULTS, PARAMETER_RANGES, ParameterError, Parameters
from guideline import _parameters as constants

FIELDS = list(PARAMETER_RANGES)


def is_whole_number_field(name: str) -> bool:
    """Whether the field takes whole numbers (its default is an int), rather than floats."""
    return type(getattr(DEFAULTS, name)) is int


def just_below(name: str, value: float) -> float:
    return value - 1 if is_whole_number_field(name) else math.nextafter(value, -math.inf)


def just_above(name: str, value: float) -> float:
    return value + 1 if is_whole_number_field(name) else math.nextafter(value, math.inf)


# --------------------------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------------------------


def test_every_field_has_a_range_and_every_range_a_field() -> None:
    assert {field.name for field in dataclasses.fields(Parameters)} == set(PARAMETER_RANGES)


def test_defaults_equal_the_module_constants() -> None:
    assert Parameters() == DEFAULTS
    assert DEFAULTS.nonresponse_threshold == constants.NONRESPONSE_THRESHOLD_RANGE[0] == 0.30
    assert DEFAULTS.high_grade_proteinuria == 8.0
    assert DEFAULTS.taper_step_fraction == 0.25
    assert DEFAULTS.reduced_dose_tolerance == 0.10
    assert DEFAULTS.confirmation_gap_days == constants.CONFIRMATION_GAP_RANGE[0] == 7
    assert DEFAULTS.rise_fraction == 0.50
    assert DEFAULTS.creatinine_cut_fraction == 0.25
    assert DEFAULTS.withdrawal_months == 3
    assert (DEFAULTS.tacrolimus_dose_step_mg, DEFAULTS.cyclosporine_dose_step_mg) == (0.5, 25.0)
    assert (DEFAULTS.trend_weeks, DEFAULTS.trend_fall) == (8, 0.10)
    assert DEFAULTS.dependence_window_months == 6


def test_ranges_are_the_module_constants() -> None:
    assert PARAMETER_RANGES == {
        "nonresponse_threshold": constants.NONRESPONSE_THRESHOLD_RANGE,
        "high_grade_proteinuria": constants.HIGH_GRADE_PROTEINURIA_RANGE,
        "taper_step_fraction": constants.TAPER_STEP_RANGE,
        "reduced_dose_tolerance": constants.REDUCED_DOSE_TOLERANCE_RANGE,
        "confirmation_gap_days": constants.CONFIRMATION_GAP_RANGE,
        "rise_fraction": constants.RISE_FRACTION_RANGE,
        "creatinine_cut_fraction": constants.CREATININE_CUT_FRACTION_RANGE,
        "withdrawal_months": constants.WITHDRAWAL_MONTHS_RANGE,
        "tacrolimus_dose_step_mg": constants.TACROLIMUS_DOSE_STEP_RANGE,
        "cyclosporine_dose_step_mg": constants.CYCLOSPORINE_DOSE_STEP_RANGE,
        "trend_weeks": constants.TREND_WEEKS_RANGE,
        "trend_fall": constants.TREND_FALL_RANGE,
        "dependence_window_months": constants.DEPENDENCE_WINDOW_RANGE,
    }
    assert constants.HIGH_GRADE_PROTEINURIA_RANGE[0] == constants.NEPHROTIC_LEVEL
    assert constants.TAPER_STEP_RANGE[1] == constants.REDUCED_DOSE_FRACTION


@pytest.mark.parametrize("name", FIELDS)
def test_default_lies_within_its_range(name: str) -> None:
    low, high = PARAMETER_RANGES[name]
    assert low < high
    assert low <= getattr(DEFAULTS, name) <= high


@pytest.mark.parametrize("name", FIELDS)
def test_default_matches_the_field_default(name: str) -> None:
    field = next(f for f in dataclasses.fields(Parameters) if f.name == name)
    assert getattr(Parameters(), name) == field.default


def test_the_whole_number_fields_are_the_counts_of_days_weeks_and_months() -> None:
    assert [name for name in FIELDS if is_whole_number_field(name)] == [
        "confirmation_gap_days",
        "withdrawal_months",
        "trend_weeks",
        "dependence_window_months",
    ]


def test_parameters_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.taper_step_fraction = 0.1  # type: ignore[misc]
    assert DEFAULTS.taper_step_fraction == 0.25


# --------------------------------------------------------------------------------------------
# Bounds
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["low", "high"])
@pytest.mark.parametrize("name", FIELDS)
def test_bound_is_accepted(name: str, side: str) -> None:
    low, high = PARAMETER_RANGES[name]
    bound = low if side == "low" else high
    parameters = Parameters(**{name: bound})
    assert getattr(parameters, name) == bound
    others = {f.name for f in dataclasses.fields(Parameters)} - {name}
    assert all(getattr(parameters, other) == getattr(DEFAULTS, other) for other in others)


def _outside_cases() -> list[Any]:
    cases = []
    for name, (low, high) in PARAMETER_RANGES.items():
        cases.append(pytest.param(name, just_below(name, low), id=f"{name}-below-low"))
        cases.append(pytest.param(name, just_above(name, high), id=f"{name}-above-high"))
    return cases


@pytest.mark.parametrize(("name", "value"), _outside_cases())
def test_value_just_outside_a_bound_is_refused(name: str, value: float) -> None:
    low, high = PARAMETER_RANGES[name]
    assert not low <= value <= high
    with pytest.raises(ParameterError) as err:
        Parameters(**{name: value})
    assert err.value.field == name
    assert err.value.value == value
    # A negative value is refused before the range check, with its own message.
    expected = "must be zero or more" if value < 0 else f"must be between {low} and {high}"
    assert expected in str(err.value)


def _bad_value_cases() -> list[Any]:
    bad_values: dict[str, object] = {
        "nan": math.nan,
        "plus-inf": math.inf,
        "minus-inf": -math.inf,
        "bool-true": True,
        "bool-false": False,
        "string": "0.3",
        "none": None,
    }
    number_messages = {"nan": "finite", "plus-inf": "finite", "minus-inf": "finite"}
    cases = []
    for name in FIELDS:
        for label, bad in bad_values.items():
            fragment = number_messages.get(label, "must be a number")
            cases.append(pytest.param(name, bad, fragment, id=f"{name}-{label}"))
    return cases


@pytest.mark.parametrize(("name", "bad", "fragment"), _bad_value_cases())
def test_bad_value_is_refused(name: str, bad: object, fragment: str) -> None:
    with pytest.raises(ParameterError) as err:
        Parameters(**{name: bad})
    assert err.value.field == name
    assert err.value.value is bad
    assert fragment in str(err.value)


@pytest.mark.parametrize("bad", [7.5, 14.000001, 27.9], ids=["7.5", "14.000001", "27.9"])
def test_confirmation_gap_days_refuses_a_fraction_of_a_day(bad: float) -> None:
    with pytest.raises(ParameterError) as err:
        Parameters(confirmation_gap_days=bad)  # type: ignore[arg-type]
    assert err.value.field == "confirmation_gap_days"
    assert err.value.value is bad
    assert "must be a whole number of days" in str(err.value)


@pytest.mark.parametrize("whole", [7.0, 14.0, 28.0], ids=["7.0", "14.0", "28.0"])
def test_confirmation_gap_days_takes_a_whole_number_written_as_a_float(whole: float) -> None:
    stored = Parameters(confirmation_gap_days=whole).confirmation_gap_days  # type: ignore[arg-type]
    assert (stored, type(stored)) == (whole, int)


def test_parameter_error_names_the_field_in_its_message() -> None:
    with pytest.raises(ParameterError, match=r"^taper_step_fraction: must be between"):
        Parameters(taper_step_fraction=0.6)


# --------------------------------------------------------------------------------------------
# The reduced-dose band
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tolerance", [0.0, 0.05, 0.10, 0.20], ids=str)
def test_reduced_dose_band_is_half_plus_or_minus_the_tolerance(tolerance: float) -> None:
    from fractions import Fraction

    from guideline._taper import reduced_dose_band
    from guideline._therapy import therapy_periods
    from guideline._trial import Trial
    from tests.builders import course

    period = therapy_periods(course(dose=3.0))[0]
    trial = Trial(period.start, period.baseline, period.starting_dose_mg_per_day)
    band = reduced_dose_band(trial, Parameters(reduced_dose_tolerance=tolerance))
    half, tol = Fraction(1, 2), Fraction(str(tolerance))
    assert band == ((half - tol) * 3, (half + tol) * 3)


def test_numbers_given_as_int_are_stored_as_float() -> None:
    stored = Parameters(high_grade_proteinuria=8)
    assert type(stored.high_grade_proteinuria) is float
    assert type(stored.confirmation_gap_days) is int


def test_huge_integers_are_refused_with_parameter_error() -> None:
    with pytest.raises(ParameterError):
        Parameters(high_grade_proteinuria=10**400)
