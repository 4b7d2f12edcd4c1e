"""Hostile documents, generated from the project's own JSON schemas and by mutating worked cases.

Every document either evaluates (``recommend``, ``plan``, ``audit``, the timeline and the
"Try it" page's call all answer) or is refused with the package's typed error, and the JSON
Schema validator (with format checks) and the package's loader agree on it:

- what the loader accepts, the schema accepts;
- what the schema refuses, the loader refuses;
- what the schema accepts but the loader refuses breaks a rule no schema states (a date
  before the start, no baseline, a value past the plausible range), never a rule of shape
  or type. The parameters schema states every rule, so there the two agree exactly.

Input classes: documents drawn from the schemas (numbers from zero to the largest float and
integers of thousands of digits, dates across the whole calendar, any subset of the optional
fields); the worked cases and generated clinical courses, mutated: a value replaced by one of
another type, removed, or by an extreme number or date; an unknown field; an array where an
object goes and the reverse; nesting 200 deep. As JSON text, mutated again: a key given
twice, numbers nested 2,000 deep, integers of 5,000 digits, ``1e400``, ``NaN`` and
``Infinity``, the text cut short, CR and CR LF line ends inside, a byte order mark, trailing
text. The text goes to the "Try it" page's call, to ``recommend -`` and to ``audit --jsonl``
beside a valid course, which must answer it, give one record per line, and never report an
internal failure.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from guideline import (
    DEFAULTS,
    Course,
    CourseError,
    GuidelineError,
    ParameterError,
    Parameters,
    audit,
    course_from_json,
    json_schema,
    parameters_from_json,
    plan,
    recommend,
    to_json,
)
from guideline import _cli as cli
from guideline._browser import evaluate
from guideline._json import decode
from guideline.examples import WORKED_CASES, complete_responder
from guideline.strategies import courses
from guideline.timeline import timeline_svg

from .wording import reads_as_phrase, shows_value_as_json

pytestmark = pytest.mark.properties

JSON = Any
T = TypeVar("T")

FORMATS = Draft202012Validator.FORMAT_CHECKER
VALIDATORS = {
    kind: Draft202012Validator(json_schema(kind), format_checker=FORMATS)
    for kind in ("course", "parameters")
}


def schema_accepts(kind: str, document: JSON) -> bool:
    """Whether the JSON Schema validator accepts ``document``.

    It writes the offending value into its own messages, and Python refuses to turn an
    integer of more than 4,300 digits into text unless told otherwise, for the call.
    """
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return VALIDATORS[kind].is_valid(document)
    finally:
        sys.set_int_max_str_digits(limit)


SHAPE_REASONS = (
    "must be a JSON object",
    "must be a JSON array",
    "is required",
    "is not a known field",
    "must be a number",
    "must be one of",
    "must be a date written YYYY-MM-DD",
    "is not a calendar date",
    "must be a whole number of days",
)
"""Refusals for what a schema states (shape, type, format), as the loader words them."""

HUGE_INTEGERS = [10**400, -(10**400), 10**4300, -(10**4300), 2**1024]
EXTREME_NUMBERS = [0, -0.0, 5e-324, 1e-7, 1e-6, 1e6, 1e6 + 1, 1.7976931348623157e308, -1.0]
EXTREME_DATES = [
    date.min,
    date(1899, 12, 31),
    date(1900, 1, 1),
    date(2024, 2, 29),
    date(2199, 12, 31),
    date(2200, 1, 1),
    date.max,
]
NOT_DATES = [
    "2025-02-30",
    "2025-13-01",
    "20250115",
    "2025-1-15",
    "\uff12\uff10\uff12\uff15-01-15",
    "2025-01-15T00:00:00",
    " 2025-01-15",
    "",
]

# --------------------------------------------------------------------------------------------
# Documents from a JSON Schema: a small generator of our own
# --------------------------------------------------------------------------------------------


def from_schema(schema: JSON, root: JSON) -> st.SearchStrategy[JSON]:
    """Documents valid under ``schema``, a part of ``root``.

    It knows the keywords the package's input schemas use: ``$ref`` into ``$defs``,
    ``anyOf``, ``enum``, objects with required and optional properties, arrays, date
    strings and numbers with their bounds.
    """
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return st.deferred(lambda: from_schema(root["$defs"][name], root))
    if "anyOf" in schema:
        return st.one_of([from_schema(option, root) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema["type"]
    if kind == "object":
        properties = {name: from_schema(part, root) for name, part in schema["properties"].items()}
        required = {name: properties[name] for name in schema["required"]}
        optional = {name: part for name, part in properties.items() if name not in required}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "array":
        return st.lists(from_schema(schema["items"], root), max_size=3)
    if kind == "string":
        assert schema["format"] == "date"  # the input schemas hold no other strings
        near = st.dates(date(2025, 1, 1), date(2025, 3, 1))  # near each other: some courses load
        anywhere = st.one_of(st.dates(), st.sampled_from(EXTREME_DATES))
        return mostly(near, anywhere).map(date.isoformat)
    assert kind in ("number", "integer"), kind
    return _numbers(schema.get("minimum"), schema.get("maximum"), whole=kind == "integer")


def mostly(usual: st.SearchStrategy[T], rare: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    """``usual`` nine times in ten, ``rare`` otherwise: a document has many values, and one
    rare value in each would leave no document that loads."""
    return st.integers(0, 9).flatmap(lambda draw: rare if draw == 9 else usual)


def _numbers(low: float | None, high: float | None, *, whole: bool) -> st.SearchStrategy[JSON]:
    if low is None or high is None:
        anything = st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.integers(-10, 10**7),
            st.sampled_from(EXTREME_NUMBERS + HUGE_INTEGERS),
        )
        return mostly(st.floats(0.1, 20), anything)
    integers = st.integers(int(low), int(high))
    if whole:
        return st.one_of(integers, integers.map(float))
    return st.one_of(st.floats(low, high), st.sampled_from([low, high]), integers)


COURSE_SCHEMA = json_schema("course")
PARAMETERS_SCHEMA = json_schema("parameters")

# --------------------------------------------------------------------------------------------
# Mutations of a document
# --------------------------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from([[], {}, "g/day", "tacrolimus", "2025-01-15", *NOT_DATES]),
)

Path = tuple[str | int, ...]


def places(data: JSON, here: Path = ()) -> list[Path]:
    """Every place in a document, the whole first: keys of objects and indexes of arrays."""
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*here, index))
    return found


REMOVE = object()


def changed(data: JSON, path: Path, change: Callable[[JSON], JSON]) -> JSON:
    """A copy of ``data`` with the value at ``path`` changed (or removed, for ``REMOVE``)."""
    if not path:
        return change(data)
    key, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy: JSON = dict(data)
    else:
        copy = list(data)
    new = changed(data[key], rest, change)
    if new is REMOVE:
        del copy[key]
    else:
        copy[key] = new
    return copy


def nested(value: JSON, depth: int) -> JSON:
    """``value`` inside ``depth`` arrays, built without recursion."""
    for _ in range(depth):
        value = [value]
    return value


MUTATIONS = [
    "junk",
    "remove",
    "unknown field",
    "extreme number",
    "extreme date",
    "other container",
    "deep",
    "huge integer",
]


def mutation(how: str, path: Path, replacement: JSON) -> Callable[[JSON], JSON]:
    """What one mutation does to the value at ``path``; ``replacement`` is what it puts there."""

    def change(value: JSON) -> JSON:
        if how == "remove":
            return REMOVE if path else value
        if how == "unknown field":
            return {**value, "unexpected": replacement} if isinstance(value, dict) else value
        if how in ("extreme number", "huge integer"):
            return replacement if isinstance(value, int | float) else value
        if how == "extreme date":
            return replacement if isinstance(value, str) else value
        if how == "other container" and isinstance(value, dict):
            return list(value.values())
        if how == "other container" and isinstance(value, list):
            return {str(index): item for index, item in enumerate(value)}
        if how == "deep":
            return nested(value, replacement)
        return replacement if how == "junk" else value

    return change


REPLACEMENTS: dict[str, st.SearchStrategy[JSON]] = {
    "junk": JUNK,
    "remove": st.none(),
    "unknown field": JUNK,
    "extreme number": st.sampled_from(EXTREME_NUMBERS),
    "extreme date": st.one_of(
        st.sampled_from(EXTREME_DATES).map(date.isoformat), st.sampled_from(NOT_DATES)
    ),
    "other container": st.none(),
    "deep": st.sampled_from([3, 50, 200]),  # deeper still as text, where JSON is read
    "huge integer": st.sampled_from(HUGE_INTEGERS),
}


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[JSON], *, deep: bool = True) -> JSON:
    """A document with one to three of its values changed in a way a sender might."""
    document = draw(documents)
    kinds = MUTATIONS if deep else [how for how in MUTATIONS if how not in ("deep", "huge integer")]
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(places(document)))
        how = draw(st.sampled_from(kinds), label="mutation")
        event(how)
        document = changed(document, path, mutation(how, path, draw(REPLACEMENTS[how])))
    return document


WORKED_DOCUMENTS = st.sampled_from([to_json(case.course) for case in WORKED_CASES.values()])
CLINICAL_DOCUMENTS = st.one_of(WORKED_DOCUMENTS, courses().map(to_json))

# --------------------------------------------------------------------------------------------
# What every document must get
# --------------------------------------------------------------------------------------------


def evaluates(course: Course, parameters: Parameters = DEFAULTS) -> None:
    """Every function answers on the start and the last recorded day, the page included."""
    text = json.dumps(to_json(course))
    for on in sorted({course.start, course.last_recorded}):
        recommend(course, on, parameters)
        plan(course, on, parameters)
        assert timeline_svg(course, on, parameters).startswith("<svg")
        answer = json.loads(evaluate(text, on.isoformat()))
        assert answer["ok"] is True, answer
    audit(course, parameters)


def attempt(load: Callable[[], T]) -> T | GuidelineError:
    """What ``load`` returns, or the package's error it raises; anything else propagates."""
    try:
        return load()
    except GuidelineError as error:
        return error


def check_refusal(error: GuidelineError) -> None:
    assert reads_as_phrase(error.reason), error.reason
    assert shows_value_as_json(str(error)), str(error)


def check_course_document(document: JSON) -> None:
    """The loader and the schema agree; a loaded course evaluates, a refusal is typed."""
    valid = schema_accepts("course", document)
    course = attempt(lambda: course_from_json(document))
    if isinstance(course, Course):
        event("loaded")
        assert valid, "the loader took a document the schema refuses"
        evaluates(course)
        return
    event(f"refused, the schema {'accepting' if valid else 'refusing'} it")
    assert isinstance(course, CourseError)
    check_refusal(course)
    if valid:
        assert not course.reason.startswith(SHAPE_REASONS), str(course)


@given(document=from_schema(COURSE_SCHEMA, COURSE_SCHEMA))
def test_a_course_document_drawn_from_the_schema_loads_or_breaks_a_rule_no_schema_states(
    document: JSON,
) -> None:
    assert schema_accepts("course", document), "the generator drew an invalid document"
    check_course_document(document)


@given(document=mutated(st.one_of(CLINICAL_DOCUMENTS, from_schema(COURSE_SCHEMA, COURSE_SCHEMA))))
def test_a_mutated_course_document_evaluates_or_is_refused_as_the_schema_says(
    document: JSON,
) -> None:
    check_course_document(document)


@given(
    document=st.one_of(
        from_schema(PARAMETERS_SCHEMA, PARAMETERS_SCHEMA),
        mutated(from_schema(PARAMETERS_SCHEMA, PARAMETERS_SCHEMA)),
    )
)
def test_the_parameters_schema_and_loader_agree_on_every_document(document: JSON) -> None:
    valid = schema_accepts("parameters", document)
    parameters = attempt(lambda: parameters_from_json(document))
    if isinstance(parameters, Parameters):
        event("loaded")
        assert valid, "the loader took a document the schema refuses"
        assert schema_accepts("parameters", to_json(parameters))
        evaluates(complete_responder(), parameters)
        return
    event("refused")
    assert isinstance(parameters, ParameterError)
    assert not valid, f"the schema accepts what the loader refuses: {parameters}"
    check_refusal(parameters)


# --------------------------------------------------------------------------------------------
# The same documents as text, mutated as text
# --------------------------------------------------------------------------------------------

KEY = re.compile(r'"(\w+)": ')
NUMBER = re.compile(r"(?<=: )-?[0-9][0-9.eE+-]*(?=[,}\]])")
HUGE_TEXT = "1" + "0" * 5000


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    """JSON text of a course, mutated as a document and then as text."""
    document = draw(st.one_of(CLINICAL_DOCUMENTS, mutated(CLINICAL_DOCUMENTS, deep=False)))
    text = json.dumps(document)
    for _ in range(draw(st.integers(1, 2))):
        how = draw(
            st.sampled_from(
                ["key twice", "number", "cut short", "line end", "byte order mark", "trailing"]
            ),
            label="text mutation",
        )
        event(how)
        keys, numbers = list(KEY.finditer(text)), list(NUMBER.finditer(text))
        if how == "key twice" and keys:
            found = draw(st.sampled_from(keys))
            again = f'"{found[1]}": {json.dumps(draw(JUNK))}, '
            text = text[: found.start()] + again + text[found.start() :]
        elif how == "number" and numbers:
            found = draw(st.sampled_from(numbers))
            written = draw(
                st.sampled_from(
                    [
                        "[" * 2000 + found[0] + "]" * 2000,
                        HUGE_TEXT,
                        "-" + HUGE_TEXT,
                        "1e400",
                        "-1e400",
                        "NaN",
                        "Infinity",
                        "7.0",
                        "0",
                    ]
                )
            )
            text = text[: found.start()] + written + text[found.end() :]
        elif how == "cut short":
            text = text[: draw(st.integers(0, max(len(text) - 1, 0)))]
        elif how == "line end" and ", " in text:
            text = text.replace(", ", draw(st.sampled_from([",\r", ",\r\n", ",\n"])), 1)
        elif how == "byte order mark":
            text = "\ufeff" + text
        elif how == "trailing":
            text += draw(st.sampled_from([" x", "}", "\r", "[]"]))
    return text


COMPLETE_TEXT = json.dumps(to_json(complete_responder()))


def run(argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@given(text=mutated_texts())
def test_course_text_of_any_shape_is_answered_by_the_page_and_the_command_line(
    text: str,
) -> None:
    answer = json.loads(evaluate(text, "2025-07-20"))
    event("page: answered" if answer["ok"] else "page: refused")
    if not answer["ok"]:
        message = answer["error"]["message"]
        assert not message.startswith("internal failure"), message
        assert message.startswith(answer["error"]["field"] + ": ")
        assert shows_value_as_json(message), message

    status, out, err = run(["recommend", "-", "--on", "2025-07-20"], text)
    if status == 0:
        assert answer["ok"], answer
        assert (json.loads(out), err) == (answer["recommendation"], "")
        return
    assert (status, out) == (2, "")
    assert err.startswith("error: ")
    assert shows_value_as_json(err.removeprefix("error: ").rstrip("\n")), err
    if answer["ok"]:
        # The page sets aside the entries dated after the evaluation date; the command
        # line reads the whole course, so it may refuse one of those, and nothing else.
        assert refuses_an_entry_dated_after(text, err, date(2025, 7, 20)), err


ENTRY = re.compile(r"error: ([a-z_]+)\[(\d+)\]")


def refuses_an_entry_dated_after(text: str, err: str, on: date) -> bool:
    """Whether the command line's error names an entry with a valid date after ``on``."""
    named = ENTRY.match(err)
    if named is None:
        return False
    entry = decode(text, "course", CourseError)[named[1]][int(named[2])]  # type: ignore[index]
    if type(entry) is not dict:  # not an object, or one with a key given twice: no date read
        return False
    try:
        return date.fromisoformat(entry["on"]) > on
    except (KeyError, TypeError, ValueError):
        return False

    cohort = f"{text}\n{COMPLETE_TEXT}\n"
    status, out, err = run(["audit", "--jsonl", "-"], cohort)
    lines = [number for number, line in enumerate(cohort.encode().splitlines(), 1) if line.strip()]
    records = [json.loads(line) for line in out.splitlines()]
    assert (status in (0, 2), err) == (True, "")
    assert [record["line"] for record in records] == lines
    assert "deviations" in records[-1]
    for record in records:
        assert not record.get("error", {}).get("reason", "").startswith("internal failure")


# --------------------------------------------------------------------------------------------
# Wrong Python types
# --------------------------------------------------------------------------------------------

NOT_A_COURSE = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=5),
    WORKED_DOCUMENTS,
    st.sampled_from([dict, Course, [], ()]),
)


@given(
    function=st.sampled_from([recommend, plan, audit, timeline_svg]),
    wrong=NOT_A_COURSE,
    as_parameters=st.booleans(),
)
def test_a_wrong_argument_type_is_a_type_error_naming_the_parameter(
    function: Callable[..., object], wrong: object, as_parameters: bool
) -> None:
    course, on = complete_responder(), date(2025, 7, 20)
    arguments = (course, wrong) if as_parameters else (wrong, DEFAULTS)
    dated = arguments if function is audit else (arguments[0], on, arguments[1])
    with pytest.raises(TypeError) as raised:
        function(*dated)
    name = "parameters" if as_parameters else "course"
    expected = "Parameters" if as_parameters else "Course"
    assert str(raised.value).startswith(f"{name} must be a guideline.{expected}, not ")
