"""Course validation: one named case per error, each naming its field and the offending value."""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline import (
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Albumin,
    AlbuminUnit,
    Assessment,
    AssessmentKind,
    Course,
    CourseError,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    GuidelineError,
    ParameterError,
    Parameters,
    Pla2rTitre,
    Plan,
    Proteinuria,
    ProteinuriaUnit,
    Recommendation,
    Restart,
    StopReason,
    Trough,
    TroughRange,
    plan,
    recommend,
)
from guideline._course import changes_for, known_on
from guideline.strategies import courses, evaluation_dates

from .builders import BASELINE_DAY, SERIES, T0, course, days, months

ONE_DAY = timedelta(days=1)
D = date(2025, 3, 1)
G = ProteinuriaUnit.G_PER_DAY
MG = CreatinineUnit.MG_PER_DL
UMOL = CreatinineUnit.UMOL_PER_L
PLANNED = StopReason.PLANNED
ADJUSTMENT = DoseChangeReason.ADJUSTMENT
BASE = course()


def rebuilt(**changes: object) -> Course:
    """The baseline course with some fields replaced, validated again."""
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Error hierarchy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [CourseError, ParameterError], ids=lambda e: e.__name__)
def test_errors_are_guideline_errors_and_value_errors(error: type[GuidelineError]) -> None:
    assert issubclass(error, GuidelineError)
    assert issubclass(error, ValueError)
    instance = error("field.path", 42, "is wrong")
    assert (instance.field, instance.value, instance.reason) == ("field.path", 42, "is wrong")
    assert "field.path" in str(instance)
    assert "is wrong" in str(instance)


def test_guideline_error_is_a_value_error() -> None:
    assert issubclass(GuidelineError, ValueError)


# --------------------------------------------------------------------------------------------
# Observation classes
# --------------------------------------------------------------------------------------------

OBSERVATIONS: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "Proteinuria": (Proteinuria, {"on": D, "value": 1.0, "unit": G}),
    "Creatinine": (Creatinine, {"on": D, "value": 1.0, "unit": MG}),
    "Trough": (Trough, {"on": D, "value": 6.0}),
    "DoseChange": (DoseChange, {"on": D, "dose_mg_per_day": 3.0, "reason": ADJUSTMENT}),
    "Discontinuation": (Discontinuation, {"on": D, "reason": PLANNED}),
    "Restart": (Restart, {"on": D, "dose_mg_per_day": 4.0}),
    "Assessment": (Assessment, {"on": D, "kind": AssessmentKind.RELAPSE}),
    "AdverseEffectReport": (
        AdverseEffectReport,
        {"on": D, "effect": AdverseEffect.HYPERTENSION},
    ),
    "TroughRange": (TroughRange, {"low": 5.0, "high": 8.0}),
    "Pla2rTitre": (Pla2rTitre, {"on": D, "value": 40.0, "cutoff": 20.0}),
    "Albumin": (Albumin, {"on": D, "value": 3.4, "unit": AlbuminUnit.G_PER_DL}),
}


def build(name: str, **changes: object) -> Any:
    kind, valid = OBSERVATIONS[name]
    return kind(**{**valid, **changes})


@pytest.mark.parametrize("name", list(OBSERVATIONS))
def test_valid_observation_is_accepted(name: str) -> None:
    item = build(name)
    _, valid = OBSERVATIONS[name]
    for field, value in valid.items():
        assert getattr(item, field) == value


BAD_DATES: dict[str, object] = {
    "string": "2025-03-01",
    "datetime": datetime(2025, 3, 1),
    "datetime-at-midnight": datetime(2025, 3, 1, 0, 0),
    "none": None,
    "int": 20250301,
}


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        pytest.param(name, bad, id=f"{name}-on-{label}")
        for name, (_, valid) in OBSERVATIONS.items()
        if "on" in valid
        for label, bad in BAD_DATES.items()
    ],
)
def test_observation_refuses_non_date_on(name: str, bad: object) -> None:
    with pytest.raises(CourseError) as err:
        build(name, on=bad)
    assert err.value.field == "on"
    assert err.value.value is bad
    assert "calendar date" in str(err.value)


# (class, numeric field, whether zero is a possible value)
NUMBERS = [
    ("Proteinuria", "value", True),
    ("Creatinine", "value", False),
    ("Trough", "value", True),
    ("DoseChange", "dose_mg_per_day", False),
    ("Restart", "dose_mg_per_day", False),
    ("TroughRange", "low", False),
    ("TroughRange", "high", False),
    ("Pla2rTitre", "value", True),
    ("Pla2rTitre", "cutoff", False),
    ("Albumin", "value", False),
]

# label -> (bad value, what the message says, or None for "depends on zero allowed")
BAD_NUMBERS: dict[str, tuple[object, str | None]] = {
    "negative": (-1.0, None),
    "negative-int": (-3, None),
    "nan": (math.nan, "finite"),
    "plus-inf": (math.inf, "finite"),
    "minus-inf": (-math.inf, "finite"),
    "bool-true": (True, "must be a number"),
    "bool-false": (False, "must be a number"),
    "string": ("1.5", "must be a number"),
    "none": (None, "must be a number"),
}


def _number_cases() -> list[Any]:
    cases = []
    for name, field, zero_allowed in NUMBERS:
        sign = "must be zero or more" if zero_allowed else "must be above zero"
        for label, (bad, fragment) in BAD_NUMBERS.items():
            cases.append(
                pytest.param(name, field, bad, fragment or sign, id=f"{name}-{field}-{label}")
            )
        if not zero_allowed:
            for label, zero in (("zero", 0.0), ("zero-int", 0)):
                cases.append(pytest.param(name, field, zero, sign, id=f"{name}-{field}-{label}"))
    return cases


@pytest.mark.parametrize(("name", "field", "bad", "fragment"), _number_cases())
def test_observation_refuses_bad_number(name: str, field: str, bad: object, fragment: str) -> None:
    with pytest.raises(CourseError) as err:
        build(name, **{field: bad})
    assert err.value.field == field
    assert err.value.value is bad
    assert fragment in str(err.value)


@pytest.mark.parametrize(
    ("name", "field"),
    [pytest.param(n, f, id=f"{n}-{f}") for n, f, zero_allowed in NUMBERS if zero_allowed],
)
@pytest.mark.parametrize("zero", [0.0, 0], ids=["float", "int"])
def test_observation_accepts_zero_where_possible(name: str, field: str, zero: object) -> None:
    item = build(name, **{field: zero})
    stored = getattr(item, field)
    assert stored == 0.0
    assert type(stored) is float


@pytest.mark.parametrize(
    ("name", "field"), [pytest.param(n, f, id=f"{n}-{f}") for n, f, _ in NUMBERS]
)
def test_observation_stores_an_int_as_float(name: str, field: str) -> None:
    value = 10 if field == "high" else 4
    item = build(name, **{field: value})
    stored = getattr(item, field)
    assert stored == value
    assert type(stored) is float


class Float32Like:
    """A real number that is no float: registered as ``numbers.Real``, as numpy's float32 is."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __float__(self) -> float:
        return self.value


class Int64Like(Float32Like):
    """A whole number that is no int: registered as ``numbers.Integral``, as numpy's int64 is."""

    def __int__(self) -> int:
        return int(self.value)

    def __index__(self) -> int:
        return int(self.value)


numbers.Real.register(Float32Like)
numbers.Integral.register(Int64Like)


class Unconvertible(float):
    """A float subclass whose conversion to float fails."""

    def __float__(self) -> float:
        raise RuntimeError("cannot convert")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        pytest.param(2, 2.0, id="int"),
        pytest.param(2.5, 2.5, id="float"),
        pytest.param(Decimal("2.5"), 2.5, id="decimal"),
        pytest.param(Decimal("0.1"), 0.1, id="decimal-nearest-float"),
        pytest.param(Fraction(5, 2), 2.5, id="fraction"),
        pytest.param(Fraction(1, 3), 1 / 3, id="fraction-nearest-float"),
        pytest.param(Float32Like(0.10000000149011612), 0.10000000149011612, id="float32-like"),
        pytest.param(Int64Like(4.0), 4.0, id="int64-like"),
    ],
)
@pytest.mark.parametrize(
    ("name", "field"), [pytest.param(n, f, id=f"{n}-{f}") for n, f, _ in NUMBERS]
)
def test_every_finite_real_number_is_read_as_its_nearest_float(
    name: str, field: str, given: object, stored: float
) -> None:
    below = {"low": 0.01} if field == "high" else {}  # the high bound must be above the low
    item = build(name, **below, **{field: given})
    assert (getattr(item, field), type(getattr(item, field))) == (stored, float)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        pytest.param(Decimal("NaN"), "must be a finite number", id="decimal-nan"),
        pytest.param(Decimal("sNaN"), "must be a finite number", id="decimal-signalling-nan"),
        pytest.param(Decimal("Infinity"), "must be a finite number", id="decimal-infinity"),
        pytest.param(Float32Like(math.nan), "must be a finite number", id="float32-like-nan"),
        pytest.param(Fraction(10**400), "must be between 1e-06 and 1e+06", id="huge-fraction"),
        pytest.param(Decimal("-1e400"), "must be zero or more", id="huge-negative-decimal"),
        pytest.param(complex(1, 0), "must be a number", id="complex"),
        pytest.param(
            Unconvertible(1.5), "must be a number that converts to a float", id="conversion-fails"
        ),
    ],
)
def test_a_number_that_is_not_a_finite_real_is_a_course_error(bad: object, reason: str) -> None:
    with pytest.raises(CourseError) as raised:
        Proteinuria(D, bad, G)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.reason, raised.value.value) == ("value", reason, bad)


# (class, enum field, enum, an unknown value)
ENUMS: list[tuple[str, str, type[Enum], str]] = [
    ("Proteinuria", "unit", ProteinuriaUnit, "mg/g"),
    ("Creatinine", "unit", CreatinineUnit, "mmol/L"),
    ("DoseChange", "reason", DoseChangeReason, "titration"),
    ("Discontinuation", "reason", StopReason, "toxicity"),
    ("Assessment", "kind", AssessmentKind, "remission"),
    ("AdverseEffectReport", "effect", AdverseEffect, "nephrotoxicity"),
]


def _unknown_members() -> list[Any]:
    cases = []
    for name, field, kind, unknown in ENUMS:
        first = next(iter(kind)).value
        bad_values = {
            "unknown": unknown,
            "wrong-case": first.upper(),
            "padded": f" {first} ",
            "none": None,
            "int": 1,
        }
        for label, bad in bad_values.items():
            cases.append(pytest.param(name, field, bad, id=f"{name}-{field}-{label}"))
    return cases


@pytest.mark.parametrize(("name", "field", "bad"), _unknown_members())
def test_observation_refuses_unknown_member(name: str, field: str, bad: object) -> None:
    with pytest.raises(CourseError) as err:
        build(name, **{field: bad})
    assert err.value.field == field
    assert err.value.value is bad
    assert "must be one of" in str(err.value)


def test_member_of_another_enum_with_no_matching_value_is_refused() -> None:
    with pytest.raises(CourseError) as err:
        Proteinuria(D, 1.0, MG)  # type: ignore[arg-type]
    assert err.value.field == "unit"
    assert err.value.value is MG


@pytest.mark.parametrize(
    ("name", "field", "member"),
    [
        pytest.param(name, field, member, id=f"{name}-{field}-{member.value}")
        for name, field, kind, _ in ENUMS
        for member in kind
    ],
)
def test_observation_accepts_member_by_exact_string(name: str, field: str, member: Enum) -> None:
    item = build(name, **{field: str(member.value)})
    assert getattr(item, field) is member


@pytest.mark.parametrize(
    ("low", "high"),
    [pytest.param(8.0, 5.0, id="inverted"), pytest.param(5.0, 5.0, id="equal")],
)
def test_trough_range_refuses_high_not_above_low(low: float, high: float) -> None:
    with pytest.raises(CourseError) as err:
        TroughRange(low, high)
    assert err.value.field == "high"
    assert err.value.value == high
    assert "must be above the lower bound" in str(err.value)


def test_trough_range_contains_both_bounds() -> None:
    target = TroughRange(5, 8)
    assert 5 in target
    assert 8 in target
    assert 4.99 not in target
    assert 8.01 not in target


@pytest.mark.parametrize("name", list(OBSERVATIONS))
def test_observation_is_frozen(name: str) -> None:
    item = build(name)
    field = dataclasses.fields(item)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(item, field, getattr(item, field))


# --------------------------------------------------------------------------------------------
# Course: its own fields
# --------------------------------------------------------------------------------------------

COURSE_FIELD_ERRORS = [
    ("agent-unknown", "agent", "ciclosporin", "must be one of"),
    ("agent-wrong-case", "agent", "Tacrolimus", "must be one of"),
    ("agent-none", "agent", None, "must be one of"),
    ("start-string", "start", "2025-01-15", "calendar date"),
    ("start-datetime", "start", datetime(2025, 1, 15), "calendar date"),
    ("start-none", "start", None, "calendar date"),
    ("starting-dose-zero", "starting_dose_mg_per_day", 0.0, "must be above zero"),
    ("starting-dose-zero-int", "starting_dose_mg_per_day", 0, "must be above zero"),
    ("starting-dose-negative", "starting_dose_mg_per_day", -4.0, "must be above zero"),
    ("starting-dose-nan", "starting_dose_mg_per_day", math.nan, "finite"),
    ("starting-dose-inf", "starting_dose_mg_per_day", math.inf, "finite"),
    ("starting-dose-bool", "starting_dose_mg_per_day", True, "must be a number"),
    ("starting-dose-string", "starting_dose_mg_per_day", "4", "must be a number"),
    ("target-trough-tuple", "target_trough", (5, 8), "must be a TroughRange"),
    ("target-trough-dict", "target_trough", {"low": 5, "high": 8}, "must be a TroughRange"),
    ("target-trough-none", "target_trough", None, "must be a TroughRange"),
]


@pytest.mark.parametrize(
    ("field", "bad", "fragment"),
    [
        pytest.param(field, bad, fragment, id=label)
        for label, field, bad, fragment in COURSE_FIELD_ERRORS
    ],
)
def test_course_refuses_bad_field(field: str, bad: object, fragment: str) -> None:
    with pytest.raises(CourseError) as err:
        rebuilt(**{field: bad})
    assert err.value.field == field
    assert err.value.value is bad
    assert fragment in str(err.value)


@pytest.mark.parametrize("agent", list(Agent), ids=lambda a: a.value)
def test_course_accepts_agent_by_exact_string(agent: Agent) -> None:
    assert rebuilt(agent=str(agent.value)).agent is agent


def test_course_stores_an_int_starting_dose_as_float() -> None:
    built = rebuilt(starting_dose_mg_per_day=4)
    assert built.starting_dose_mg_per_day == 4.0
    assert type(built.starting_dose_mg_per_day) is float


# --------------------------------------------------------------------------------------------
# Course: the series
# --------------------------------------------------------------------------------------------

# A factory of a valid entry of each series, by date.
FACTORIES: dict[str, Callable[[date], Any]] = {
    "proteinuria": lambda on: Proteinuria(on, 6.0, G),
    "creatinine": lambda on: Creatinine(on, 1.0, MG),
    "troughs": lambda on: Trough(on, 6.0),
    "dose_changes": lambda on: DoseChange(on, 3.0, ADJUSTMENT),
    "discontinuations": lambda on: Discontinuation(on, PLANNED),
    "restarts": lambda on: Restart(on, 4.0),
    "assessments": lambda on: Assessment(on, AssessmentKind.RELAPSE),
    "adverse_effects": lambda on: AdverseEffectReport(on, AdverseEffect.HAIR_LOSS),
}
AFTER_START_ONLY = [name for name in FACTORIES if name not in ("proteinuria", "creatinine")]


def first_valid_day(series: str) -> date:
    """A date the first entry of ``series`` may have: the baseline day, or after the start."""
    return BASELINE_DAY if series in ("proteinuria", "creatinine") else days(10)


NOT_SEQUENCES: dict[str, object] = {
    "string": "entries",
    "dict": {"on": T0},
    "none": None,
    "single-entry": Trough(days(10), 6.0),
    "set": frozenset(),
}


@pytest.mark.parametrize(
    ("series", "bad"),
    [
        pytest.param(series, bad, id=f"{series}-{label}")
        for series in FACTORIES
        for label, bad in NOT_SEQUENCES.items()
    ],
)
def test_course_refuses_series_that_is_not_a_list(series: str, bad: object) -> None:
    with pytest.raises(CourseError) as err:
        rebuilt(**{series: bad})
    assert err.value.field == series
    assert err.value.value is bad
    assert "must be a list" in str(err.value)


def _wrong_class_cases() -> list[Any]:
    cases = []
    for series, factory in FACTORIES.items():
        other = "troughs" if series == "proteinuria" else "proteinuria"
        wrong_entries = {
            "other-class": FACTORIES[other](days(20)),
            "raw-tuple": (days(20), 6.0),
            "none": None,
        }
        for label, wrong in wrong_entries.items():
            cases.append(pytest.param(series, factory, wrong, id=f"{series}-{label}"))
    return cases


@pytest.mark.parametrize(("series", "factory", "wrong"), _wrong_class_cases())
def test_course_refuses_entry_of_wrong_class(
    series: str, factory: Callable[[date], Any], wrong: object
) -> None:
    with pytest.raises(CourseError) as err:
        rebuilt(**{series: [factory(first_valid_day(series)), wrong]})
    assert err.value.field == f"{series}[1]"
    assert err.value.value is wrong
    assert f"must be a {type(factory(D)).__name__}" in str(err.value)


@pytest.mark.parametrize("series", list(FACTORIES))
def test_course_refuses_two_entries_of_one_series_on_one_date(series: str) -> None:
    factory = FACTORIES[series]
    duplicate = days(20)
    with pytest.raises(CourseError) as err:
        rebuilt(
            **{series: [factory(first_valid_day(series)), factory(duplicate), factory(duplicate)]}
        )
    assert err.value.field == f"{series}[2].on"
    assert err.value.value == duplicate
    assert f"another entry ({series}[1]) has the same date" in str(err.value)


def test_course_refuses_identical_proteinuria_entries() -> None:
    with pytest.raises(CourseError) as err:
        course(proteinuria=[(days(20), 3.0), (days(20), 3.0)])
    assert err.value.field == "proteinuria[2].on"
    assert err.value.value == days(20)
    assert "same date" in str(err.value)


def test_course_refuses_same_date_proteinuria_with_different_values() -> None:
    with pytest.raises(CourseError) as err:
        course(proteinuria=[(days(20), 3.0), (days(20), 2.5)])
    assert err.value.field == "proteinuria[2].on"
    assert err.value.value == days(20)


@pytest.mark.parametrize(
    ("series", "on"),
    [
        pytest.param(series, on, id=f"{series}-{label}")
        for series in AFTER_START_ONLY
        for label, on in (("on-start", T0), ("day-before-start", T0 - ONE_DAY))
    ],
)
def test_course_refuses_entry_not_after_start(series: str, on: date) -> None:
    with pytest.raises(CourseError) as err:
        rebuilt(**{series: [FACTORIES[series](on)]})
    assert err.value.field == f"{series}[0].on"
    assert err.value.value is on
    assert f"must be after the start date {T0}" in str(err.value)


@pytest.mark.parametrize("series", AFTER_START_ONLY)
def test_course_accepts_entry_the_day_after_start(series: str) -> None:
    day_after = T0 + ONE_DAY
    entry = FACTORIES[series](day_after)
    changes: dict[str, list[Any]] = {series: [entry]}
    if series == "restarts":
        # A restart needs a stop before it: stop the day after the start, restart a day later.
        entry = FACTORIES[series](day_after + ONE_DAY)
        changes = {"discontinuations": [Discontinuation(day_after, PLANNED)], series: [entry]}
    assert getattr(rebuilt(**changes), series) == (entry,)


@pytest.mark.parametrize("series", ["proteinuria", "creatinine"])
@pytest.mark.parametrize(
    "entries_days", [pytest.param([1], id="only-after-start"), pytest.param([], id="empty")]
)
def test_course_refuses_series_without_baseline(series: str, entries_days: list[int]) -> None:
    entries = [FACTORIES[series](days(n)) for n in entries_days]
    with pytest.raises(CourseError) as err:
        rebuilt(**{series: entries})
    assert err.value.field == series
    assert err.value.value == entries
    assert "needs a baseline value" in str(err.value)


@pytest.mark.parametrize("series", ["proteinuria", "creatinine"])
def test_course_accepts_baseline_dated_on_the_start(series: str) -> None:
    entry = FACTORIES[series](T0)
    assert getattr(rebuilt(**{series: [entry]}), series) == (entry,)


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
        .explanation[1]
        .endswith(f"baseline proteinuria 6 g/day on {BASELINE_DAY}")
    )


def test_course_refuses_creatinine_in_two_units() -> None:
    second = Creatinine(days(10), 90.0, UMOL)
    with pytest.raises(CourseError) as err:
        rebuilt(creatinine=[Creatinine(BASELINE_DAY, 1.0, MG), second])
    assert err.value.field == "creatinine[1].unit"
    assert err.value.value is UMOL
    assert "must match creatinine[0].unit" in str(err.value)


def test_course_creatinine_unit_is_set_by_the_first_entry_as_given() -> None:
    with pytest.raises(CourseError) as err:
        rebuilt(creatinine=[Creatinine(days(10), 90.0, UMOL), Creatinine(BASELINE_DAY, 1.0, MG)])
    assert err.value.field == "creatinine[1].unit"
    assert err.value.value is MG


def test_course_accepts_creatinine_in_umol_per_litre_throughout() -> None:
    entries = [Creatinine(BASELINE_DAY, 88.0, UMOL), Creatinine(days(10), 90.0, UMOL)]
    assert rebuilt(creatinine=entries).creatinine == tuple(entries)


# --------------------------------------------------------------------------------------------
# Course: stops, restarts and dose changes
# --------------------------------------------------------------------------------------------

RELATION_ERRORS: list[Any] = [
    pytest.param(
        lambda: course(restarts=[(months(2), 4.0)]),
        "restarts[0].on",
        months(2),
        "has no discontinuation before it",
        id="restart-without-any-stop",
    ),
    pytest.param(
        lambda: course(stops=[(months(3), PLANNED)], restarts=[(months(2), 4.0)]),
        "restarts[0].on",
        months(2),
        "has no discontinuation before it",
        id="restart-before-the-first-stop",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED)], restarts=[(months(3), 4.0), (months(4), 4)]),
        "restarts[1].on",
        months(4),
        "has no discontinuation before it",
        id="second-restart-without-a-stop-between",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED), (months(3), PLANNED)]),
        "discontinuations[1].on",
        months(3),
        "comes while the CNI is already stopped",
        id="two-stops-without-a-restart-between",
    ),
    pytest.param(
        lambda: course(stops=[(months(3), PLANNED), (months(2), PLANNED)]),
        "discontinuations[0].on",
        months(3),
        "comes while the CNI is already stopped",
        id="two-stops-given-out-of-date-order",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED)], restarts=[(months(2), 4.0)]),
        "restarts[0].on",
        months(2),
        "a stop and a restart cannot share a date",
        id="stop-and-restart-on-one-date",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED)], adjustments=[(months(3), 3.0)]),
        "dose_changes[0].on",
        months(3),
        "while the CNI is stopped",
        id="dose-change-while-stopped",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED)], adjustments=[(months(2), 3.0)]),
        "dose_changes[0].on",
        months(2),
        "falls on a stop or restart date",
        id="dose-change-on-a-stop-date",
    ),
    pytest.param(
        lambda: course(
            stops=[(months(2), PLANNED)],
            restarts=[(months(4), 4.0)],
            adjustments=[(months(4), 3.0)],
        ),
        "dose_changes[0].on",
        months(4),
        "falls on a stop or restart date",
        id="dose-change-on-a-restart-date",
    ),
    pytest.param(
        lambda: course(stops=[(months(2), PLANNED)], doses=[(months(3), 3.0)]),
        "dose_changes[0].on",
        months(3),
        "while the CNI is stopped",
        id="taper-step-while-stopped",
    ),
    pytest.param(
        lambda: course(doses=[(months(6), 4.0)]),
        "dose_changes[0].dose_mg_per_day",
        4.0,
        "a taper step must lower the dose (it was 4.0 mg/day)",
        id="taper-step-equal-to-the-dose",
    ),
    pytest.param(
        lambda: course(doses=[(months(6), 5.0)]),
        "dose_changes[0].dose_mg_per_day",
        5.0,
        "a taper step must lower the dose (it was 4.0 mg/day)",
        id="taper-step-above-the-dose",
    ),
    pytest.param(
        lambda: course(doses=[(months(6), 3.0), (months(7), 3.0)]),
        "dose_changes[1].dose_mg_per_day",
        3.0,
        "a taper step must lower the dose (it was 3.0 mg/day)",
        id="taper-step-equal-to-the-previous-step",
    ),
    pytest.param(
        lambda: course(adjustments=[(months(2), 6.0)], doses=[(months(6), 6.0)]),
        "dose_changes[0].dose_mg_per_day",
        6.0,
        "a taper step must lower the dose (it was 6.0 mg/day)",
        id="taper-step-judged-against-an-adjusted-dose",
    ),
    pytest.param(
        lambda: course(
            stops=[(months(2), PLANNED)],
            restarts=[(months(3), 2.0)],
            doses=[(months(4), 3.0)],
        ),
        "dose_changes[0].dose_mg_per_day",
        3.0,
        "a taper step must lower the dose (it was 2.0 mg/day)",
        id="taper-step-judged-against-the-restart-dose",
    ),
    pytest.param(
        lambda: course(doses=[(months(6), 3.0)], restores=[(months(8), 3.0)]),
        "dose_changes[1].dose_mg_per_day",
        3.0,
        "a restored dose must be higher than the dose before (it was 3.0 mg/day)",
        id="restored-dose-equal-to-the-dose",
    ),
    pytest.param(
        lambda: course(doses=[(months(6), 3.0)], restores=[(months(8), 2.5)]),
        "dose_changes[1].dose_mg_per_day",
        2.5,
        "a restored dose must be higher than the dose before (it was 3.0 mg/day)",
        id="restored-dose-below-the-dose",
    ),
]


@pytest.mark.parametrize(("build_course", "field", "value", "fragment"), RELATION_ERRORS)
def test_course_refuses_inconsistent_events(
    build_course: Callable[[], Course], field: str, value: object, fragment: str
) -> None:
    with pytest.raises(CourseError) as err:
        build_course()
    assert err.value.field == field
    assert err.value.value == value
    assert fragment in str(err.value)


def test_course_accepts_an_adjustment_that_raises_the_dose() -> None:
    built = course(adjustments=[(months(1), 6.0)])
    assert built.dose_changes[0].dose_mg_per_day == 6.0
    assert built.dose_on(months(1)) == 6.0
    assert built.dose_before(months(1)) == 4.0


def test_course_judges_a_taper_step_against_the_dose_in_force_not_the_start() -> None:
    # 5.0 is above the starting 4.0 but below the adjusted 6.0: it lowers the dose.
    built = course(adjustments=[(months(2), 6.0)], doses=[(months(6), 5.0)])
    assert built.dose_on(months(6)) == 5.0


def test_course_accepts_a_taper_step_that_lowers_the_dose() -> None:
    built = course(doses=[(months(6), 3.0), (months(7), 2.0)])
    assert built.dose_on(months(7)) == 2.0


def test_course_accepts_stop_restart_stop() -> None:
    built = course(
        stops=[(months(2), PLANNED), (months(6), StopReason.OTHER)],
        restarts=[(months(3), 3.0)],
        adjustments=[(months(4), 3.5)],
    )
    assert built.dose_on(months(2)) is None
    assert built.dose_on(months(3)) == 3.0
    assert built.dose_on(months(4)) == 3.5
    assert built.dose_on(months(6)) is None


def test_no_dose_is_in_force_before_the_first_dose() -> None:
    history = course(dose=4.0)
    assert history.dose_on(T0 - ONE_DAY) is None
    assert history.dose_before(T0) is None
    assert history.dose_on(T0) == 4.0


# --------------------------------------------------------------------------------------------
# Errors name the entry by its position as given, not after sorting
# --------------------------------------------------------------------------------------------


def test_error_names_an_entry_before_start_by_its_position_as_given() -> None:
    with pytest.raises(CourseError) as err:
        course(troughs=[(months(3), 6.0), (months(1), 6.0), (T0, 6.0), (months(2), 6.0)])
    assert err.value.field == "troughs[2].on"
    assert err.value.value == T0


def test_error_names_a_duplicate_by_its_position_as_given() -> None:
    with pytest.raises(CourseError) as err:
        course(troughs=[(months(3), 6.0), (months(1), 6.0), (months(3), 7.0)])
    assert err.value.field == "troughs[2].on"
    assert "troughs[0]" in str(err.value)


def test_error_names_a_taper_step_by_its_position_as_given() -> None:
    # Sorted, the bad step (2.0 after 2.0) would be the third; as given it is the first.
    with pytest.raises(CourseError) as err:
        course(doses=[(months(8), 2.0), (months(6), 3.0), (months(7), 2.0)])
    assert err.value.field == "dose_changes[0].dose_mg_per_day"
    assert err.value.value == 2.0


def test_error_names_a_restart_by_its_position_as_given() -> None:
    with pytest.raises(CourseError) as err:
        course(
            stops=[(months(2), PLANNED)],
            restarts=[(months(5), 4.0), (months(3), 4.0)],
        )
    assert err.value.field == "restarts[0].on"
    assert err.value.value == months(5)


# --------------------------------------------------------------------------------------------
# The evaluation date
# --------------------------------------------------------------------------------------------

EVALUATIONS: list[Any] = [
    pytest.param(recommend, id="recommend"),
    pytest.param(plan, id="plan"),
    pytest.param(Course.as_of, id="as_of"),
]


@pytest.mark.parametrize("evaluate", EVALUATIONS)
def test_evaluation_the_day_before_start_is_refused(evaluate: Callable[..., Any]) -> None:
    before = T0 - ONE_DAY
    with pytest.raises(CourseError) as err:
        evaluate(BASE, before)
    assert err.value.field == "on"
    assert err.value.value is before
    assert f"must not be before the start date {T0}" in str(err.value)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(datetime(2025, 3, 1, 12, 0), id="datetime"),
        pytest.param(datetime(2025, 3, 1), id="datetime-at-midnight"),
        pytest.param("2025-03-01", id="string"),
        pytest.param(None, id="none"),
    ],
)
@pytest.mark.parametrize("evaluate", EVALUATIONS)
def test_evaluation_date_that_is_not_a_date_is_refused(
    evaluate: Callable[..., Any], bad: object
) -> None:
    with pytest.raises(CourseError) as err:
        evaluate(BASE, bad)
    assert err.value.field == "on"
    assert err.value.value is bad
    assert "calendar date" in str(err.value)


def test_recommend_on_the_start_is_accepted() -> None:
    result = recommend(BASE, T0)
    assert isinstance(result, Recommendation)
    assert result.on == T0


def test_plan_on_the_start_is_accepted() -> None:
    result = plan(BASE, T0)
    assert isinstance(result, Plan)
    assert result.on == T0
    assert result.period_start == T0


def test_as_of_the_start_keeps_only_the_baselines() -> None:
    built = course(proteinuria=[(months(1), 3.0)], troughs=[(months(1), 6.0)])
    known = built.as_of(T0)
    assert [p.on for p in known.proteinuria] == [BASELINE_DAY]
    assert known.troughs == ()


# --------------------------------------------------------------------------------------------
# Storage: sorted tuples, frozen, as_of
# --------------------------------------------------------------------------------------------


def _full_course_series() -> dict[str, list[Any]]:
    """Valid entries of every series, in date order."""
    return {
        "proteinuria": [
            Proteinuria(BASELINE_DAY - ONE_DAY, 7.0, G),
            Proteinuria(BASELINE_DAY, 6.0, G),
            Proteinuria(months(2), 4.0, ProteinuriaUnit.G_PER_DAY),
            Proteinuria(months(4), 2.0, G),
        ],
        "creatinine": [
            Creatinine(BASELINE_DAY, 1.0, MG),
            Creatinine(months(2), 1.1, MG),
            Creatinine(months(4), 1.2, MG),
        ],
        "troughs": [Trough(months(n), 6.0 + n / 10) for n in range(1, 8)],
        "dose_changes": [
            DoseChange(months(1), 5.0, ADJUSTMENT),
            DoseChange(months(2), 4.5, DoseChangeReason.TAPER),
            DoseChange(months(6), 4.0, DoseChangeReason.TAPER),
        ],
        "discontinuations": [Discontinuation(months(3), PLANNED)],
        "restarts": [Restart(months(4), 4.5)],
        "assessments": [
            Assessment(months(2), AssessmentKind.NO_REMISSION),
            Assessment(months(5), AssessmentKind.PARTIAL_REMISSION),
        ],
        "adverse_effects": [
            AdverseEffectReport(months(1), AdverseEffect.HYPERTENSION),
            AdverseEffectReport(months(5), AdverseEffect.HAIR_LOSS),
        ],
        "pla2r": [Pla2rTitre(BASELINE_DAY, 80.0, 20.0), Pla2rTitre(months(3), 10.0, 14.0)],
        "albumin": [
            Albumin(BASELINE_DAY, 2.6, AlbuminUnit.G_PER_DL),
            Albumin(months(4), 36.0, AlbuminUnit.G_PER_L),
        ],
    }


def test_course_stores_series_as_tuples_sorted_by_date() -> None:
    ordered = _full_course_series()
    shuffled = {name: entries[1::2] + entries[::2][::-1] for name, entries in ordered.items()}
    assert any(shuffled[name] != ordered[name] for name in ordered)
    from_shuffled = rebuilt(**shuffled)
    from_ordered = rebuilt(**ordered)
    assert from_shuffled == from_ordered
    for name, entries in ordered.items():
        stored = getattr(from_shuffled, name)
        assert isinstance(stored, tuple)
        assert stored == tuple(entries)


def test_course_from_lists_equals_course_from_tuples() -> None:
    ordered = _full_course_series()
    as_tuples = {name: tuple(entries) for name, entries in ordered.items()}
    assert rebuilt(**ordered) == rebuilt(**as_tuples)


def test_course_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.start = T0 + ONE_DAY  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.troughs = ()  # type: ignore[misc]
    assert BASE.start == T0


def test_as_of_drops_entries_after_the_date() -> None:
    built = rebuilt(**_full_course_series())
    cut = months(4)
    known = built.as_of(cut)
    for name in FACTORIES:
        kept = getattr(known, name)
        assert kept == tuple(item for item in getattr(built, name) if item.on <= cut)
        assert all(item.on <= cut for item in kept)
    # Entries dated exactly on the cut are kept.
    assert known.restarts == (Restart(months(4), 4.5),)
    assert known.proteinuria[-1].on == cut
    assert [t.on for t in known.troughs] == [months(n) for n in range(1, 5)]
    assert known.dose_changes == built.dose_changes[:2]
    assert (known.agent, known.start, known.target_trough) == (
        built.agent,
        built.start,
        built.target_trough,
    )


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
        pla2r=[(before, 30.0, 20.0), (after, 10.0, 20.0)],
        albumin=[(before, 30.0, AlbuminUnit.G_PER_L), (after, 3.6, AlbuminUnit.G_PER_DL)],
    )
    known = full.as_of(cut)
    series = [field.name for field in dataclasses.fields(Course) if field.name in SERIES]
    assert sorted(series) == sorted(SERIES)
    for name in series:
        kept = tuple(item for item in getattr(full, name) if item.on <= cut)
        assert 0 < len(kept) < len(getattr(full, name)), name
        assert getattr(known, name) == kept, name


_TREATMENT = ("dose_changes", "discontinuations", "restarts")


def _known_by_hand(full: Course, on: date, before_acting: bool) -> Course:
    """The course rebuilt, and validated again, from its entries up to ``on`` (and, before
    acting, without that day's treatment)."""
    kept = {}
    for name in SERIES:
        entries = [item for item in getattr(full, name) if item.on <= on]
        if before_acting and name in _TREATMENT:
            entries = [item for item in entries if item.on < on]
        kept[name] = tuple(entries)
    return dataclasses.replace(full, **kept)


@settings(max_examples=max(settings.default.max_examples // 3, 10))
@given(data=st.data())
def test_a_course_known_on_a_date_reads_as_the_course_rebuilt_from_its_entries(
    data: st.DataObject,
) -> None:
    full = data.draw(courses())
    treated = [item.on for name in _TREATMENT for item in getattr(full, name)]
    on = data.draw(
        st.one_of(st.just(full.start), st.sampled_from(treated or [full.start]))
        | evaluation_dates(full)
    )
    before_acting = data.draw(st.booleans())
    known = known_on(full, on, before_acting=before_acting)
    by_hand = _known_by_hand(full, on, before_acting)
    assert known == by_hand
    days = {
        full.start,
        on,
        on + ONE_DAY,
        *(item.on for name in SERIES for item in getattr(full, name)),
    }
    for day in sorted(days):
        assert (known.dose_before(day), known.dose_on(day)) == (
            by_hand.dose_before(day),
            by_hand.dose_on(day),
        ), day
    for reason in DoseChangeReason:
        assert changes_for(known, reason) == tuple(
            change for change in by_hand.dose_changes if change.reason is reason
        )


def test_as_of_after_the_last_entry_keeps_everything() -> None:
    built = rebuilt(**_full_course_series())
    assert built.as_of(months(24)) == built


# --------------------------------------------------------------------------------------------
# Refusals: the reason is the part of the error a user reads
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Edge values: huge integers, negative zero, plausible ranges, the value an error reports
# --------------------------------------------------------------------------------------------


def test_huge_integers_are_refused_with_the_packages_error() -> None:
    with pytest.raises(CourseError) as err:
        Proteinuria(date(2025, 1, 1), 10**400, ProteinuriaUnit.G_PER_DAY)
    assert err.value.field == "value"
    assert err.value.reason == "must be between 1e-06 and 1e+06"


def test_a_huge_integer_is_refused_as_out_of_range_and_reported_as_given() -> None:
    huge = 10**400
    with pytest.raises(CourseError) as err:
        Proteinuria(D, huge, ProteinuriaUnit.G_PER_DAY)
    assert (err.value.value, err.value.reason) == (huge, "must be between 1e-06 and 1e+06")
    with pytest.raises(ParameterError) as parameter_err:
        Parameters(high_grade_proteinuria=huge)
    assert (parameter_err.value.value, parameter_err.value.reason) == (huge, "is too large")


def test_negative_zero_is_stored_as_zero() -> None:
    stored = Proteinuria(date(2025, 1, 1), -0.0, ProteinuriaUnit.G_PER_DAY).value
    assert math.copysign(1.0, stored) == 1.0


def test_the_first_invalid_series_is_reported_in_a_fixed_order() -> None:
    from tests.builders import T0, course

    with pytest.raises(CourseError) as err:
        course(troughs=[(T0, 6.0)], assessments=[(T0, AssessmentKind.RELAPSE)])
    assert err.value.field == "troughs[0].on"


def test_stop_and_restart_on_one_date_after_an_earlier_stop_is_named_as_such() -> None:
    from tests.builders import course, months

    with pytest.raises(CourseError) as err:
        course(
            stops=[(months(1), StopReason.OTHER), (months(3), StopReason.OTHER)],
            restarts=[(months(2), 4.0), (months(3), 4.0)],
        )
    assert err.value.field == "restarts[1].on"
    assert "share a date" in str(err.value)


def test_a_zero_baseline_proteinuria_is_refused() -> None:
    from tests.builders import course

    with pytest.raises(CourseError) as err:
        course(baseline=0.0)
    assert err.value.field == "proteinuria[0].value"
    assert "above zero" in str(err.value)


def test_a_zero_baseline_is_reported_with_its_value() -> None:
    with pytest.raises(CourseError) as err:
        course(baseline=0.0)
    assert err.value.value == 0.0


@pytest.mark.parametrize(
    ("on", "accepted"),
    [
        (date(1899, 12, 31), False),
        (date(1900, 1, 1), True),
        (date(2199, 12, 31), True),
        (date(2200, 1, 1), False),
    ],
    ids=["before-1900", "1900", "2199", "2200"],
)
def test_dates_must_lie_in_the_plausible_range(on: date, accepted: bool) -> None:
    if accepted:
        assert Trough(on, 6.0).on == on
    else:
        with pytest.raises(CourseError, match="between 1900-01-01 and 2199-12-31") as err:
            Trough(on, 6.0)
        assert err.value.field == "on"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (0.0, True),
        (9.9e-7, False),
        (1e-6, True),
        (1e6, True),
        (1.000001e6, False),
        (1_000_000, True),
        (1_000_001, False),
    ],
    ids=["zero", "below-1e-6", "1e-6", "1e6", "above-1e6", "integer-1e6", "integer-above-1e6"],
)
def test_numbers_must_lie_in_the_plausible_range(value: float, accepted: bool) -> None:
    if accepted:
        assert Trough(date(2025, 1, 1), value).value == value
    else:
        with pytest.raises(CourseError, match="between 1e-06 and 1e") as err:
            Trough(date(2025, 1, 1), value)
        assert err.value.field == "value"


def test_an_evaluation_date_past_the_range_is_refused() -> None:
    from guideline import recommend
    from tests.builders import course

    with pytest.raises(CourseError) as err:
        recommend(course(), date(2200, 1, 1))
    assert err.value.field == "on"


def test_an_inverted_trough_range_reports_the_value_as_given() -> None:
    with pytest.raises(CourseError) as err:
        TroughRange(8, 5)
    assert err.value.value == 5
    assert type(err.value.value) is int


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


class _Float(float):
    """A float subclass, as numpy's float64 is."""


@pytest.mark.parametrize("value", [1e-6, 1e6], ids=["smallest", "largest"])
def test_a_float_subclass_at_a_plausible_bound_is_accepted(value: float) -> None:
    assert Trough(date(2025, 1, 1), _Float(value)).value == value
