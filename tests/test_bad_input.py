"""Bad input: any constructor argument builds a valid object or raises the package's typed error.

Every test here feeds arbitrary values (None, bools, huge ints, NaN, infinities, -0.0,
subnormals, strings and near-miss enum strings, dates, datetimes, containers, members of
the wrong enum...) to a constructor or decision function. Only
:class:`~guideline.GuidelineError` (``CourseError`` or ``ParameterError``) may escape; any
other exception fails the test. When construction succeeds the object must be valid and
usable; when it fails the error must name a real field or path of the input.

Most course tests draw dates between 1900 and 2100 so that the two tests about the ends of
the calendar (:func:`test_courses_near_the_ends_of_the_calendar` and
:func:`test_evaluation_on_the_last_days_of_the_calendar`) are the only ones to fail if date
arithmetic overflows.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from guideline import (
    PARAMETER_RANGES,
    Action,
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Albumin,
    AlbuminUnit,
    Alert,
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
    Phase,
    Pla2rTitre,
    Plan,
    Proteinuria,
    ProteinuriaUnit,
    Recommendation,
    RemissionLevel,
    Restart,
    StopReason,
    Trough,
    TroughRange,
    plan,
    recommend,
)
from guideline._validation import LATEST_DATE
from guideline.strategies import courses, evaluation_dates

from .wording import reads_as_phrase, shows_value_as_json

pytestmark = pytest.mark.properties

# --------------------------------------------------------------------------------------------
# The "anything" strategy
# --------------------------------------------------------------------------------------------

COURSE_ENUMS: tuple[type[Enum], ...] = (
    Agent,
    ProteinuriaUnit,
    CreatinineUnit,
    AssessmentKind,
    DoseChangeReason,
    StopReason,
    AdverseEffect,
    AlbuminUnit,
)
OTHER_ENUMS: tuple[type[Enum], ...] = (Action, Alert, Phase, RemissionLevel)
ALL_MEMBERS = [member for enum in COURSE_ENUMS + OTHER_ENUMS for member in enum]
ENUM_STRINGS = sorted({str(member.value) for member in ALL_MEMBERS})


def _near_misses(text: str) -> list[str]:
    return [
        text.upper(),
        text.title(),
        f" {text}",
        f"{text} ",
        f"{text}\n",
        text[:-1],
        f"{text}s",
        text.replace("_", " "),
        text.replace("_", "-"),
    ]


NEAR_MISSES = sorted(
    {miss for text in ENUM_STRINGS for miss in _near_misses(text)}
    | {member.name for member in ALL_MEMBERS}
    | {"", " ", "\x00", "g/d", "g/l", "mg/dl", "µmol/L", "μmol/L", "umol/l", "mmol/L", "nan"}
    | {"inf", "-1", "0", "1.5", "1e400", "2025-01-15", "2025-02-30", "None", "true"}
)
WEIRD_NUMBERS: list[object] = [
    0,
    1,
    -1,
    2**53 + 1,
    2**63,
    2**1024,
    -(2**1024),
    10**400,
    -(10**400),
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    sys.float_info.min,
    sys.float_info.max,
    -sys.float_info.max,
    math.nan,
    -math.nan,
    math.inf,
    -math.inf,
    True,
    False,
]
OTHER_OBJECTS: list[object] = [
    object(),
    b"tacrolimus",
    bytearray(b"g/day"),
    Decimal("1.5"),
    Decimal("NaN"),
    Fraction(1, 3),
    complex(1, 0),
    timedelta(days=1),
    time(12, 0),
    range(3),
    frozenset({1}),
    Ellipsis,
    NotImplemented,
    int,
    date,
]
FULL_CALENDAR = st.one_of(st.dates(), st.sampled_from([date.min, date.max]))
ORDINARY_DATES = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@functools.cache
def anything(dates: st.SearchStrategy[date] = FULL_CALENDAR) -> st.SearchStrategy[Any]:
    """Any value a caller might pass by mistake, nested in lists, tuples and dicts."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(WEIRD_NUMBERS),
        st.floats(),
        st.text(max_size=12),
        st.sampled_from(ENUM_STRINGS),
        st.sampled_from(NEAR_MISSES),
        dates,
        st.datetimes(timezones=st.sampled_from([None, UTC])),
        dates.map(lambda day: datetime(day.year, day.month, day.day)),
        st.sampled_from(ALL_MEMBERS),
        st.sampled_from(OTHER_OBJECTS),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.tuples(inner, inner),
            st.dictionaries(st.text(max_size=4), inner, max_size=3),
        ),
        max_leaves=6,
    )


NUMBERS = st.one_of(
    st.floats(0, 1e6), st.integers(0, 10**6), st.sampled_from([0, 0.0, -0.0, 5e-324])
)

# --------------------------------------------------------------------------------------------
# Checks shared by the tests
# --------------------------------------------------------------------------------------------

OBSERVATIONS: tuple[type[Any], ...] = (
    Proteinuria,
    Creatinine,
    Trough,
    Pla2rTitre,
    Albumin,
    DoseChange,
    Discontinuation,
    Restart,
    Assessment,
    AdverseEffectReport,
    TroughRange,
)
SERIES: dict[str, type[Any]] = {
    "proteinuria": Proteinuria,
    "creatinine": Creatinine,
    "troughs": Trough,
    "dose_changes": DoseChange,
    "discontinuations": Discontinuation,
    "restarts": Restart,
    "assessments": Assessment,
    "adverse_effects": AdverseEffectReport,
    "pla2r": Pla2rTitre,
    "albumin": Albumin,
}
BEFORE_START_TOO = ("proteinuria", "creatinine", "pla2r", "albumin")
AFTER_START_ONLY = tuple(name for name in SERIES if name not in BEFORE_START_TOO)
COURSE_FIELDS = tuple(field.name for field in dataclasses.fields(Course))
PATH = re.compile(r"(?P<name>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<attribute>\w+))?")


TYPE_NAMES: dict[str, type[Any]] = {
    "date": date,
    "float": float,
    **{enum.__name__: enum for enum in COURSE_ENUMS},
}


def field_types(cls: type[Any]) -> dict[str, type[Any]]:
    """The declared type of each field of an observation class (annotations are strings)."""
    return {
        field.name: TYPE_NAMES[str(field.type)] for field in dataclasses.fields(cls) if field.init
    }


def assert_names_a_field(err: GuidelineError, cls: type[Any], given: dict[str, Any]) -> None:
    """The error names a field of ``cls``, or an entry (and attribute) of a given series."""
    assert isinstance(err.field, str)
    assert err.field
    assert isinstance(err.reason, str)
    assert err.reason
    assert str(err)
    match = PATH.fullmatch(err.field)
    assert match is not None, err.field
    name, index, attribute = match["name"], match["index"], match["attribute"]
    assert name in given, err.field
    if index is None:
        assert attribute is None, err.field
        return
    series = given[name]
    assert isinstance(series, list | tuple), err.field
    assert int(index) < len(series), err.field
    if attribute is not None:
        entry = series[int(index)]
        assert attribute in {field.name for field in dataclasses.fields(entry)}, err.field


def assert_valid_fields(instance: object, given: dict[str, Any]) -> None:
    """Each stored field has its declared type and the value given (numbers as floats)."""
    for name, kind in field_types(type(instance)).items():
        stored, raw = getattr(instance, name), given[name]
        if kind is date:
            assert stored is raw
            assert isinstance(stored, date)
            assert not isinstance(stored, datetime)
        elif kind is float:
            assert type(stored) is float
            assert math.isfinite(stored)
            assert stored >= 0
            assert math.copysign(1.0, stored) == 1.0
            assert stored == float(raw)
        else:
            assert isinstance(kind, type)
            assert issubclass(kind, Enum)
            assert type(stored) is kind
            assert stored == raw


def assert_valid_course(course: Course) -> None:
    """The invariants construction promises: sorted, dated, alternating, usable."""
    assert isinstance(course.agent, Agent)
    assert isinstance(course.start, date)
    assert not isinstance(course.start, datetime)
    assert type(course.starting_dose_mg_per_day) is float
    assert math.isfinite(course.starting_dose_mg_per_day)
    assert course.starting_dose_mg_per_day > 0
    assert isinstance(course.target_trough, TroughRange)
    for name, kind in SERIES.items():
        series = getattr(course, name)
        assert type(series) is tuple
        assert all(type(entry) is kind for entry in series)
        days = [entry.on for entry in series]
        assert days == sorted(set(days)), f"{name} not sorted by distinct dates"
    for name in AFTER_START_ONLY:
        assert all(entry.on > course.start for entry in getattr(course, name))
    for name in ("proteinuria", "creatinine"):
        assert any(entry.on <= course.start for entry in getattr(course, name))
    assert len({entry.unit for entry in course.creatinine}) == 1
    switches = sorted(
        [(stop.on, "stop") for stop in course.discontinuations]
        + [(restart.on, "restart") for restart in course.restarts]
    )
    kinds = [kind for _, kind in switches]
    assert kinds == [("stop", "restart")[index % 2] for index in range(len(kinds))]
    for change in course.dose_changes:
        assert change.on not in {on for on, _ in switches}
        before = course.dose_before(change.on)
        assert before is not None
        if change.reason is DoseChangeReason.TAPER:
            assert change.dose_mg_per_day < before
    assert_usable(course)


def assert_usable(course: Course, *extra: date) -> None:
    """``recommend`` and ``plan`` answer on the start, the last entry and any ``extra`` dates."""
    for on in (course.start, course.last_recorded, *extra):
        advice = recommend(course, on)
        assert isinstance(advice, Recommendation)
        assert isinstance(advice.action, Action)
        assert advice.on == on
        assert isinstance(plan(course, on), Plan)


T = TypeVar("T")


def attempt(make: Callable[[], T]) -> T | GuidelineError:
    """What ``make`` returns, or the package's error it raises; anything else propagates.

    The error's reason must read as a plain phrase, and its message must show the value as
    JSON writes it, whichever check raised it.
    """
    try:
        return make()
    except GuidelineError as err:
        error = err
    assert reads_as_phrase(error.reason), error.reason
    assert shows_value_as_json(str(error)), str(error)
    return error


def build_course(kwargs: dict[str, Any]) -> Course | None:
    """Build a course: it must be valid, or the error must be a CourseError naming a field."""
    course = attempt(lambda: Course(**kwargs))
    if isinstance(course, GuidelineError):
        event("refused", PATH.sub(r"\g<name>", course.field))
        assert isinstance(course, CourseError)
        assert_names_a_field(course, Course, kwargs)
        return None
    event("built")
    assert_valid_course(course)
    for name in SERIES:
        given = kwargs.get(name, ())
        assert sorted(map(id, getattr(course, name))) == sorted(map(id, given))
    return course


# --------------------------------------------------------------------------------------------
# Observation classes
# --------------------------------------------------------------------------------------------


@functools.cache
def valid_value(kind: Any) -> st.SearchStrategy[Any]:
    if kind is date:
        return FULL_CALENDAR
    if kind is float:
        return NUMBERS
    assert issubclass(kind, Enum)
    return st.one_of(st.sampled_from(list(kind)), st.sampled_from([m.value for m in kind]))


@functools.cache
def observation_kwargs(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Arguments for ``cls``: each a valid value or anything at all."""
    return st.fixed_dictionaries(
        {name: st.one_of(valid_value(kind), anything()) for name, kind in field_types(cls).items()}
    )


@pytest.mark.parametrize("cls", OBSERVATIONS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_observations_build_or_raise_course_error(cls: type[Any], data: st.DataObject) -> None:
    kwargs = data.draw(observation_kwargs(cls), label="kwargs")
    instance = attempt(lambda: cls(**kwargs))
    if isinstance(instance, GuidelineError):
        event("refused", instance.field)
        assert isinstance(instance, CourseError)
        assert_names_a_field(instance, cls, kwargs)
        return
    event("built")
    assert_valid_fields(instance, kwargs)
    assert instance == cls(**kwargs)
    assert hash(instance) == hash(cls(**kwargs))
    if isinstance(instance, TroughRange):
        assert instance.low < instance.high


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


@functools.cache
def parameter_value(name: str) -> st.SearchStrategy[Any]:
    low, high = PARAMETER_RANGES[name]
    near = st.sampled_from([low, high, low - 1e-9, high + 1e-9, float(low), float(high)])
    inside = (
        st.integers(int(low), int(high))
        if isinstance(low, int) and isinstance(high, int)
        else st.floats(low, high)
    )
    return st.one_of(near, inside, anything())


@given(data=st.data())
def test_parameters_build_or_raise_parameter_error(data: st.DataObject) -> None:
    names = data.draw(st.sets(st.sampled_from(sorted(PARAMETER_RANGES))), label="fields")
    kwargs = {name: data.draw(parameter_value(name), label=name) for name in sorted(names)}
    parameters = attempt(lambda: Parameters(**kwargs))
    if isinstance(parameters, GuidelineError):
        event("refused", parameters.field)
        assert isinstance(parameters, ParameterError)
        assert parameters.field in kwargs
        assert_names_a_field(parameters, Parameters, kwargs)
        return
    event("built")
    for field in dataclasses.fields(Parameters):
        value = getattr(parameters, field.name)
        low, high = PARAMETER_RANGES[field.name]
        assert type(value) is (int if field.type == "int" else float)
        assert low <= value <= high
        if field.name in kwargs:
            assert value == kwargs[field.name]


# --------------------------------------------------------------------------------------------
# Courses
# --------------------------------------------------------------------------------------------


def course_kwargs(course: Course) -> dict[str, Any]:
    return {name: getattr(course, name) for name in COURSE_FIELDS}


@functools.cache
def course_field_value(name: str) -> st.SearchStrategy[Any]:
    """Arbitrary values for one course field, with near-valid ones for that field."""
    near: dict[str, st.SearchStrategy[Any]] = {
        "agent": st.sampled_from([*Agent, *(agent.value for agent in Agent)]),
        "start": ORDINARY_DATES,
        "starting_dose_mg_per_day": NUMBERS,
        "target_trough": st.one_of(
            st.builds(TroughRange, st.floats(0.5, 10), st.floats(11, 30)),
            st.just((5, 8)),
            st.just({"low": 5, "high": 8}),
        ),
    }
    return st.one_of(near.get(name, st.nothing()), anything(ORDINARY_DATES))


@given(base=courses(), data=st.data())
def test_course_with_arbitrary_field_values(base: Course, data: st.DataObject) -> None:
    kwargs = course_kwargs(base)
    names = data.draw(st.sets(st.sampled_from(COURSE_FIELDS), min_size=1), label="fields")
    for name in sorted(names):
        kwargs[name] = data.draw(course_field_value(name), label=name)
    build_course(kwargs)


START = date(2025, 1, 15)
AROUND_START = st.integers(-30, 400).map(lambda n: START + timedelta(days=n))


@functools.cache
def entries(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Valid entries of ``cls`` dated around ``START`` (before, on and after it)."""
    fields = {name: valid_value(kind) for name, kind in field_types(cls).items()}
    fields["on"] = AROUND_START
    for name in ("value", "dose_mg_per_day"):
        if name in fields:
            zero = [0.0] if cls in (Proteinuria, Trough, Pla2rTitre) else []
            fields[name] = st.sampled_from([*zero, 0.2, 1.0, 2.0, 4.0, 6.0, 10.0])
    if cls is Pla2rTitre:
        fields["cutoff"] = st.sampled_from([0.5, 2.0, 14.0, 20.0])
    if cls is Albumin:  # a value in either unit, below the ceiling of plausibility
        fields["value"] = st.sampled_from([2.0, 3.5, 4.0, 9.0])
    return st.builds(cls, **fields)


@functools.cache
def series_value(name: str) -> st.SearchStrategy[Any]:
    """A series as a list or tuple of entries mixed with junk, or not a list at all."""
    kind = SERIES[name]
    others = [other for other in SERIES.values() if other is not kind]
    item = st.one_of(
        entries(kind),
        entries(kind),
        st.sampled_from(others).flatmap(entries),
        anything(ORDINARY_DATES),
    )
    listed = st.lists(item, max_size=6)
    valid = st.lists(entries(kind), max_size=6)
    return st.one_of(
        listed,
        listed.map(tuple),
        valid,
        valid.map(tuple),
        st.text(max_size=6),
        st.just(None),
        st.dictionaries(ORDINARY_DATES, entries(kind), max_size=3),
        st.lists(entries(kind), max_size=3).map(set),
        st.lists(entries(kind), max_size=3).map(iter),
        anything(ORDINARY_DATES),
    )


@given(data=st.data())
def test_course_series_in_any_container(data: st.DataObject) -> None:
    kwargs: dict[str, Any] = {
        "agent": Agent.TACROLIMUS,
        "start": START,
        "starting_dose_mg_per_day": 4.0,
        "target_trough": TroughRange(5, 8),
        "proteinuria": [Proteinuria(START, 6.0, ProteinuriaUnit.G_PER_DAY)],
        "creatinine": [Creatinine(START, 1.0, CreatinineUnit.MG_PER_DL)],
    }
    names = data.draw(st.sets(st.sampled_from(sorted(SERIES)), min_size=1), label="series")
    for name in sorted(names):
        kwargs[name] = data.draw(series_value(name), label=name)
    build_course(kwargs)


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at the ends of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


ORDINARY_VALUES = st.sampled_from([0.0, 0.1, 0.2, 1.0, 2.0, 3.0, 3.6, 4.0, 6.0, 10.0])
ORDINARY_POSITIVES = st.sampled_from([0.1, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 12.0])
EXTREME_SAMPLES = [5e-324, 1e-310, sys.float_info.min, 1e-300, 1e300, sys.float_info.max, 2**1023]
EXTREME_POSITIVES = st.one_of(
    st.sampled_from(EXTREME_SAMPLES),
    st.floats(min_value=5e-324, allow_infinity=False),
    st.integers(1, 10**308),
)
EXTREME_VALUES = st.one_of(st.sampled_from([0, 0.0, -0.0]), EXTREME_POSITIVES)


@st.composite
def eventful_courses(
    draw: st.DrawFn,
    starts: st.SearchStrategy[date] = ORDINARY_DATES,
    values: st.SearchStrategy[float] = ORDINARY_VALUES,
    positives: st.SearchStrategy[float] = ORDINARY_POSITIVES,
) -> dict[str, Any]:
    """Course arguments with random entries, stops, restarts and dose changes, in any order.

    Dates fall in a short window around the start, so entries before or on the start,
    duplicate dates, stops without restarts and dose changes while stopped are common.
    """
    start = draw(starts, label="start")
    window = draw(st.sampled_from([10, 60, 400]))

    def day() -> date:
        return shift(start, draw(st.integers(-5, window)))

    def some(make: Callable[[], Any], most: int = 4) -> list[Any]:
        return [make() for _ in range(draw(st.integers(0, most)))]

    dose = draw(positives)
    low, high = draw(positives), draw(positives)
    target = attempt(lambda: TroughRange(*sorted((low, high), key=float)))
    if isinstance(target, GuidelineError):
        raise target
    punit = st.sampled_from(list(ProteinuriaUnit))
    cunit = draw(st.sampled_from(list(CreatinineUnit)))
    baseline_day = shift(start, -draw(st.integers(0, 10)))
    proteinuria = [
        Proteinuria(baseline_day, draw(values), draw(punit)),
        *some(lambda: Proteinuria(day(), draw(values), draw(punit))),
    ]
    creatinine = [
        Creatinine(baseline_day, draw(positives), cunit),
        *some(
            lambda: Creatinine(
                day(),
                draw(positives),
                cunit if draw(st.integers(0, 9)) else draw(st.sampled_from(list(CreatinineUnit))),
            )
        ),
    ]
    if draw(st.booleans()):
        switches = sorted(set(some(day, 5)))
        stops = [
            Discontinuation(on, draw(st.sampled_from(list(StopReason)))) for on in switches[::2]
        ]
        restarts = [Restart(on, draw(positives)) for on in switches[1::2]]
    else:
        stops = some(lambda: Discontinuation(day(), draw(st.sampled_from(list(StopReason)))), 3)
        restarts = some(lambda: Restart(day(), draw(positives)), 3)
    spec = {
        "agent": draw(st.sampled_from(list(Agent))),
        "start": start,
        "starting_dose_mg_per_day": dose,
        "target_trough": target,
        "proteinuria": proteinuria,
        "creatinine": creatinine,
        "troughs": some(lambda: Trough(day(), draw(values))),
        "dose_changes": some(
            lambda: DoseChange(
                day(), draw(positives), draw(st.sampled_from(list(DoseChangeReason)))
            )
        ),
        "discontinuations": stops,
        "restarts": restarts,
        "assessments": some(
            lambda: Assessment(day(), draw(st.sampled_from(list(AssessmentKind)))), 2
        ),
        "adverse_effects": some(
            lambda: AdverseEffectReport(day(), draw(st.sampled_from(list(AdverseEffect)))), 2
        ),
        "pla2r": some(lambda: Pla2rTitre(day(), draw(values), draw(positives)), 3),
        "albumin": some(
            lambda: Albumin(day(), draw(positives), draw(st.sampled_from(list(AlbuminUnit)))), 2
        ),
    }
    for name in SERIES:
        container = draw(st.sampled_from([list, tuple]))
        spec[name] = container(draw(st.permutations(spec[name])))
    return spec


@given(data=st.data())
def test_course_events_in_any_order(data: st.DataObject) -> None:
    build_drawn(data, eventful_courses())


@given(data=st.data())
def test_courses_with_extreme_finite_values(data: st.DataObject) -> None:
    extreme = eventful_courses(values=EXTREME_VALUES, positives=EXTREME_POSITIVES)
    build_drawn(data, extreme)


def build_drawn(data: st.DataObject, arguments: st.SearchStrategy[dict[str, Any]]) -> None:
    """Draw course arguments whose entries may themselves be refused, then build the course."""
    kwargs = attempt(lambda: data.draw(arguments))
    if isinstance(kwargs, GuidelineError):
        assert isinstance(kwargs, CourseError)
        event("an entry was refused")
        return
    build_course(kwargs)


NEAR_THE_ENDS = st.one_of(
    st.sampled_from([date.min, date.max]),
    st.dates(date.min, date(3, 12, 31)),
    st.dates(date(9990, 1, 1), date.max),
)


@st.composite
def courses_near_the_ends(draw: st.DrawFn) -> dict[str, Any]:
    """Valid course arguments starting in the first or last years of the calendar.

    Entries follow a course's usual shape (measurements, taper steps, stops and restarts in
    a valid order); dates that would fall off the calendar stop at its ends.
    """
    start = draw(NEAR_THE_ENDS, label="start")
    offsets = draw(st.lists(st.integers(1, 900), max_size=10), label="offsets")
    days = sorted({shift(start, offset) for offset in offsets} - {start})
    baseline_day = shift(start, -draw(st.integers(0, 10)))
    dose = current = 4.0
    on_therapy = True
    series: dict[str, list[Any]] = {name: [] for name in SERIES}
    series["proteinuria"].append(Proteinuria(baseline_day, 6.0, ProteinuriaUnit.G_PER_DAY))
    series["creatinine"].append(Creatinine(baseline_day, 1.0, CreatinineUnit.MG_PER_DL))
    for day in days:
        series["proteinuria"].append(
            Proteinuria(day, draw(ORDINARY_VALUES), ProteinuriaUnit.G_PER_DAY)
        )
        series["troughs"].append(Trough(day, draw(ORDINARY_VALUES)))
        step = draw(st.sampled_from(["none", "taper", "switch", "assess"]))
        if step == "taper" and on_therapy:
            current /= 2
            series["dose_changes"].append(DoseChange(day, current, DoseChangeReason.TAPER))
        elif step == "switch" and on_therapy:
            series["discontinuations"].append(Discontinuation(day, StopReason.PLANNED))
            on_therapy = False
        elif step == "switch":
            series["restarts"].append(Restart(day, dose))
            on_therapy, current = True, dose
        elif step == "assess":
            kind = draw(st.sampled_from(list(AssessmentKind)))
            series["assessments"].append(Assessment(day, kind))
    return {
        "agent": Agent.TACROLIMUS,
        "start": start,
        "starting_dose_mg_per_day": dose,
        "target_trough": TroughRange(5, 8),
        **series,
    }


@given(data=st.data())
def test_courses_near_the_ends_of_the_calendar(data: st.DataObject) -> None:
    build_drawn(data, courses_near_the_ends())


# --------------------------------------------------------------------------------------------
# The evaluation date of recommend and plan
# --------------------------------------------------------------------------------------------


def check_evaluation(course: Course, on: object) -> None:
    """``on`` is refused with a CourseError naming ``on`` exactly when it is not a valid date."""
    valid = (
        isinstance(on, date) and not isinstance(on, datetime) and course.start <= on <= LATEST_DATE
    )
    for function, kind in ((recommend, Recommendation), (plan, Plan)):
        result = attempt(lambda function=function: function(course, on))
        event("refused" if isinstance(result, GuidelineError) else "answered")
        if isinstance(result, GuidelineError):
            assert isinstance(result, CourseError)
            assert result.field == "on"
            assert result.value is on
            assert not valid, f"{function.__name__} refused a valid date: {result}"
        else:
            assert valid, f"{function.__name__} accepted {on!r}"
            assert isinstance(result, kind)
            if isinstance(result, Recommendation):
                assert result.on == on
                assert isinstance(result.action, Action)


def evaluation_values(course: Course) -> st.SearchStrategy[Any]:
    midnight = datetime.combine(course.start, time())
    return st.one_of(
        anything(ORDINARY_DATES),
        st.dates(date(1900, 1, 1), course.start),
        evaluation_dates(course),
        st.dates(course.start, date(2100, 12, 31)),
        st.datetimes(midnight - timedelta(days=10), midnight + timedelta(days=800)),
        st.sampled_from([course.start.isoformat(), str(course.last_recorded), midnight]),
        st.sampled_from([course.start - timedelta(days=1), course.start, course.last_recorded]),
    )


@given(course=courses(), data=st.data())
def test_recommend_and_plan_refuse_only_bad_dates(course: Course, data: st.DataObject) -> None:
    check_evaluation(course, data.draw(evaluation_values(course), label="on"))


@given(course=courses(), on=st.one_of(st.just(date.max), st.dates(date(9990, 1, 1), date.max)))
def test_evaluation_on_the_last_days_of_the_calendar(course: Course, on: date) -> None:
    check_evaluation(course, on)
