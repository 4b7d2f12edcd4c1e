"""The JSON format: lossless round trip, schemas generated from the model, JSON-path errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import referencing
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    SCHEMA_KINDS,
    Course,
    CourseError,
    ParameterError,
    Parameters,
    audit,
    audit_to_json,
    course_from_json,
    json_schema,
    parameters_from_json,
    plan,
    recommend,
    to_json,
)
from guideline.examples import WORKED_CASES
from guideline.strategies import courses, evaluation_dates, parameters, with_markers

from .wording import reads_as_phrase

SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"


def through_text(data: object) -> object:
    return json.loads(json.dumps(data))


@pytest.mark.properties
@given(courses())
def test_course_round_trips_losslessly(course: object) -> None:
    data = through_text(to_json(course))
    assert course_from_json(data) == course
    jsonschema.validate(data, json_schema("course"))


@pytest.mark.properties
@given(courses().flatmap(with_markers))
def test_course_with_titres_and_albumin_round_trips_losslessly(course: Course) -> None:
    data = through_text(to_json(course))
    assert course_from_json(data) == course
    jsonschema.validate(data, json_schema("course"))
    assert ("pla2r" in data) is bool(course.pla2r)
    assert ("albumin" in data) is bool(course.albumin)


STORED = Path(__file__).with_name("stored") / "course_written_by_0.1.0.json"
"""A course written by version 0.1.0, before titres and albumin, with its answers then."""


def test_a_course_written_before_titres_and_albumin_loads_and_answers_as_it_did() -> None:
    stored = json.loads(STORED.read_text())
    course = course_from_json(stored["course"])
    jsonschema.validate(stored["course"], json_schema("course"))
    assert to_json(course) == stored["course"]
    assert (course.pla2r, course.albumin) == ((), ())
    for on, answers in stored["answers"].items():
        day = date.fromisoformat(on)
        assert through_text(to_json(recommend(course, day))) == answers["recommendation"]
        assert through_text(to_json(plan(course, day))) == answers["plan"]
    assert through_text(audit_to_json(audit(course))) == stored["audit"]


@pytest.mark.properties
@given(st.data())
def test_outputs_match_their_schemas(data: st.DataObject) -> None:
    course = data.draw(courses())
    on = data.draw(evaluation_dates(course))
    params = data.draw(parameters())
    jsonschema.validate(
        through_text(to_json(recommend(course, on, params))), json_schema("recommendation")
    )
    jsonschema.validate(through_text(to_json(plan(course, on, params))), json_schema("plan"))
    jsonschema.validate(through_text(audit_to_json(audit(course, params))), json_schema("audit"))
    assert parameters_from_json(through_text(to_json(params))) == params


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_published_schema_files_are_current(kind: str) -> None:
    published = json.loads((SCHEMAS / f"{kind}.schema.json").read_text())
    assert published == json_schema(kind), "run scripts/schemas"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schemas_are_valid_json_schemas(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(kind))


def test_schema_describes_fields_from_the_docstrings() -> None:
    proteinuria = json_schema("course")["$defs"]["Proteinuria"]
    assert proteinuria["properties"]["unit"]["enum"] == ["g/day", "g/g", "mg/mmol"]
    assert "The value as measured" in proteinuria["properties"]["value"]["description"]
    assert "level" not in proteinuria["properties"]
    assert (
        json_schema("parameters")["$defs"]["Parameters"]["properties"]["nonresponse_threshold"][
            "maximum"
        ]
        == 0.5
    )


def test_unknown_schema_kind() -> None:
    with pytest.raises(KeyError):
        json_schema("patient")


def case_json() -> dict:
    return to_json(WORKED_CASES["dependence"].course)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (
            lambda d: d["proteinuria"].__getitem__(3).__setitem__("value", -1),
            "proteinuria[3].value",
            "zero or more",
        ),
        (
            lambda d: d["proteinuria"].__getitem__(3).__setitem__("value", "5"),
            "proteinuria[3].value",
            "must be a number",
        ),
        (lambda d: d.pop("agent"), "agent", "is required"),
        (lambda d: d.__setitem__("agent", "everolimus"), "agent", "must be one of"),
        (lambda d: d["troughs"][0].__setitem__("on", "2025/01/01"), "troughs[0].on", "YYYY-MM-DD"),
        (
            lambda d: d["troughs"][0].__setitem__("on", "2025-02-30"),
            "troughs[0].on",
            "not a calendar date",
        ),
        (lambda d: d["troughs"][0].__setitem__("on", 20250101), "troughs[0].on", "YYYY-MM-DD"),
        (lambda d: d.__setitem__("extra", 1), "extra", "not a known field"),
        (lambda d: d["troughs"][0].__setitem__("extra", 1), "troughs[0].extra", "not a known"),
        (lambda d: d["target_trough"].__setitem__("high", 1), "target_trough.high", "above"),
        (lambda d: d.__setitem__("troughs", {"on": "2025-01-01"}), "troughs", "JSON array"),
        (lambda d: d["troughs"].__setitem__(0, [1]), "troughs[0]", "JSON object"),
        (
            lambda d: d.__setitem__("restarts", [{"on": "2026-01-01", "dose_mg_per_day": 3}]),
            "restarts[0].on",
            "no discontinuation",
        ),
    ],
    ids=[
        "negative",
        "string-number",
        "missing",
        "unknown-agent",
        "slashes",
        "feb-30",
        "number-date",
        "unknown-field",
        "unknown-nested",
        "inverted-range",
        "not-array",
        "not-object",
        "restart-without-stop",
    ],
)
def test_invalid_json_names_the_path(change: object, path: str, reason: str) -> None:
    data = case_json()
    change(data)  # type: ignore[operator]
    with pytest.raises(CourseError) as err:
        course_from_json(data)
    assert err.value.field == path
    assert reason in str(err.value)
    assert reads_as_phrase(err.value.reason)


def test_a_document_that_is_not_an_object() -> None:
    with pytest.raises(CourseError) as err:
        course_from_json([])
    assert err.value.field == "$"


def test_parameters_take_defaults_and_name_bad_fields() -> None:
    assert parameters_from_json({}) == Parameters()
    with pytest.raises(ParameterError) as err:
        parameters_from_json({"nonresponse_threshold": 0.6})
    assert err.value.field == "nonresponse_threshold"


def test_dates_and_enums_are_written_as_strings() -> None:
    advice = to_json(recommend(WORKED_CASES["non_responder"].course, date(2025, 8, 1)))
    assert advice["on"] == "2025-08-01"
    assert advice["action"] == "stop_ineffective"
    assert advice["alerts"] == ["likely_ineffective"]
    assert advice["next_review"] == "2025-09-01"


def test_converters_handle_optional_values_and_only_plain_optionals() -> None:
    from guideline._json import _converter, _optional

    convert = _converter(date | None)
    assert convert(None, "x", CourseError) is None
    assert convert("2025-01-02", "x", CourseError) == date(2025, 1, 2)
    assert _optional(int | str) == (False, int | str)
    assert _optional(int | str | None) == (False, int | str | None)
    assert _optional(int | None) == (True, int)


def test_fields_left_out_of_comparison_are_left_out_of_json_and_schemas() -> None:
    from dataclasses import dataclass, field

    from guideline._json import _object_schema

    @dataclass(frozen=True)
    class Sample:
        """A sample."""

        hidden: int = field(default=0, compare=False)
        kept: int = 0

    assert to_json(Sample(2, 1)) == {"kept": 1}
    definitions: dict[str, object] = {}
    _object_schema(Sample, definitions)
    assert set(definitions["Sample"]["properties"]) == {"kept"}  # type: ignore[index]


@pytest.mark.parametrize(
    ("document", "path", "value"),
    [
        ([], "$", []),
        ({**case_json(), "extra": [1]}, "extra", [1]),
        ({**case_json(), "troughs": {"on": "2025-01-01"}}, "troughs", {"on": "2025-01-01"}),
        ({**case_json(), "start": "2025/01/01"}, "start", "2025/01/01"),
        ({**case_json(), "start": "2025-02-30"}, "start", "2025-02-30"),
    ],
    ids=["not-an-object", "unknown-field", "not-an-array", "not-iso", "not-a-day"],
)
def test_the_error_carries_the_offending_json_value(
    document: object, path: str, value: object
) -> None:
    with pytest.raises(CourseError) as err:
        course_from_json(document)
    assert (err.value.field, err.value.value) == (path, value)
    assert reads_as_phrase(err.value.reason)


def test_a_continuation_line_before_any_attribute_ends_the_section() -> None:
    from guideline._json import _attribute_docs

    sample = type("Sample", (), {})
    sample.__doc__ = "\n".join(
        [
            "A sample, written as a module-level class docstring would be.",
            "",
            "    Attributes:",
            "            stray: indented too deep to name an attribute.",
            "        kept: An attribute after the end.",
        ]
    )
    assert _attribute_docs(sample) == {}


# --- the schemas and the loader agree --------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "accepted"),
    [
        pytest.param(7, True, id="7"),
        pytest.param(7.0, True, id="7.0-lowest"),
        pytest.param(28.0, True, id="28.0-highest"),
        pytest.param(6.0, False, id="6.0-below"),
        pytest.param(29.0, False, id="29.0-above"),
        pytest.param(7.5, False, id="7.5-not-whole"),
    ],
)
def test_a_whole_number_written_with_a_decimal_point_is_a_valid_confirmation_gap(
    gap: float, accepted: bool
) -> None:
    document = {"confirmation_gap_days": gap}
    assert jsonschema.Draft202012Validator(json_schema("parameters")).is_valid(document) is accepted
    if accepted:
        loaded = parameters_from_json(document).confirmation_gap_days
        assert (loaded, type(loaded)) == (gap, int)
    else:
        with pytest.raises(ParameterError) as raised:
            parameters_from_json(document)
        assert raised.value.field == "confirmation_gap_days"


def _documents() -> dict[str, object]:
    case = WORKED_CASES["complete_responder"]
    on = case.dates[-1]
    return {
        "course": to_json(case.course),
        "parameters": to_json(Parameters()),
        "recommendation": to_json(recommend(case.course, on)),
        "plan": to_json(plan(case.course, on)),
        "audit": audit_to_json(audit(case.course)),
    }


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_ids_are_absolute_and_never_fetched(kind: str) -> None:
    schema = json_schema(kind)
    identifier = urlsplit(schema["$id"])
    assert identifier.scheme in ("https", "urn")
    assert identifier.netloc.endswith(".invalid") or identifier.scheme == "urn"

    def refuse(uri: str) -> referencing.Resource[Any]:
        raise AssertionError(f"the validator tried to fetch {uri}")

    resource = referencing.Resource.from_contents(schema)
    registry: referencing.Registry[Any] = referencing.Registry(retrieve=refuse)  # type: ignore[call-arg]
    registry = registry.with_resource(schema["$id"], resource)
    by_reference = {"$schema": schema["$schema"], "$ref": schema["$id"]}
    document = through_text(_documents()[kind])
    jsonschema.Draft202012Validator(by_reference, registry=registry).validate(document)
    jsonschema.Draft202012Validator(schema, registry=registry).validate(document)
