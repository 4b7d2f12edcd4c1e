"""Error messages: the offending value is written as JSON writes it, never as a Python repr."""

from __future__ import annotations

import io
import json
import math
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from guideline import (
    AssessmentKind,
    CourseError,
    GuidelineError,
    ParameterError,
    Parameters,
    Proteinuria,
    ProteinuriaUnit,
    Trough,
    course_from_json,
    to_json,
)
from guideline import _cli as cli
from guideline._browser import evaluate
from guideline.examples import complete_responder

from .wording import reads_as_phrase, shows_value_as_json

G = ProteinuriaUnit.G_PER_DAY


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(date(1900, 1, 3), '"1900-01-03"', id="date"),
        pytest.param(datetime(2025, 1, 15, 8, 30), '"2025-01-15T08:30:00"', id="datetime"),
        pytest.param(None, "null", id="none"),
        pytest.param(True, "true", id="true"),
        pytest.param(False, "false", id="false"),
        pytest.param("tacrolimus", '"tacrolimus"', id="string"),
        pytest.param('say "when"', '"say \\"when\\""', id="string-with-quotes"),
        pytest.param("x" * 300, '"' + "x" * 200 + '…"', id="long-string"),
        pytest.param(-1, "-1", id="int"),
        pytest.param(0.25, "0.25", id="float"),
        pytest.param(1e300, "1e+300", id="large-float"),
        pytest.param(math.inf, "Infinity", id="infinity"),
        pytest.param(-math.inf, "-Infinity", id="minus-infinity"),
        pytest.param(math.nan, "NaN", id="nan"),
        pytest.param(Decimal("1.50"), "1.50", id="decimal-as-written"),
        pytest.param(Fraction(1, 3), "1/3", id="fraction"),
        pytest.param(10**59, "1" + "0" * 59, id="60-digit-integer"),
        pytest.param(10**60, "an integer of 61 digits", id="61-digit-integer"),
        pytest.param(-(10**400), "a negative integer of 401 digits", id="401-digit-integer"),
        pytest.param(10**4300, "an integer of more than 4,000 digits", id="4301-digit-integer"),
        pytest.param([1, None, "a"], '[1, null, "a"]', id="list"),
        pytest.param((1, 2, 3, 4, 5), "[1, 2, 3, 4, …]", id="long-tuple"),
        pytest.param({"low": None}, '{"low": null}', id="dict"),
        pytest.param([[[[1]]]], "[[[[…]]]]", id="deep-list"),
        pytest.param(AssessmentKind.RELAPSE, '"relapse"', id="enum-member"),
        pytest.param(
            Proteinuria(date(2025, 1, 10), 6.0, G),
            '{"on": "2025-01-10", "value": 6.0, "unit": "g/day"}',
            id="entry",
        ),
        pytest.param(b"\xff\xfe", "the bytes ff fe", id="bytes"),
        pytest.param(object(), "an object", id="object"),
        pytest.param(complex(1, 0), "a complex", id="complex"),
        pytest.param(dict, "the class dict", id="class"),
    ],
)
def test_errors_show_the_offending_value_as_json_writes_it(value: object, shown: str) -> None:
    error = GuidelineError("field", value, "is wrong")
    assert str(error) == f"field: is wrong (got {shown})"
    assert shows_value_as_json(str(error))
    assert error.value is value


def test_a_value_too_long_to_show_is_cut_short() -> None:
    message = str(GuidelineError("field", ["y" * 100] * 4, "is wrong"))
    shown = message.removeprefix("field: is wrong (got ").removesuffix(")")
    assert len(shown) == 240
    assert shown.startswith('["yyy')
    assert shown.endswith("…")


class UnprintableDecimal(Decimal):
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_a_value_that_cannot_be_written_is_named_by_its_kind() -> None:
    error = GuidelineError("field", UnprintableDecimal("1.5"), "is wrong")
    assert str(error) == "field: is wrong (got an UnprintableDecimal)"


def test_a_date_refused_by_a_course_is_shown_as_an_iso_date() -> None:
    course = complete_responder()
    with pytest.raises(CourseError) as raised:
        replace(course, troughs=(Trough(course.start, 6.0),))
    assert str(raised.value).endswith(f'(got "{course.start.isoformat()}")')


def test_a_missing_value_is_shown_as_null() -> None:
    with pytest.raises(CourseError) as raised:
        Proteinuria(date(2025, 1, 10), None, G)  # type: ignore[arg-type]
    assert str(raised.value) == "value: must be a number (got null)"


@pytest.mark.parametrize(
    ("build", "error", "reason"),
    [
        pytest.param(
            lambda: Proteinuria(date(2025, 1, 10), 10**400, G),
            CourseError,
            "must be between 1e-06 and 1e+06",
            id="401-digit-value",
        ),
        pytest.param(
            lambda: Proteinuria(date(2025, 1, 10), 10**4300, G),
            CourseError,
            "must be between 1e-06 and 1e+06",
            id="4301-digit-value",
        ),
        pytest.param(
            lambda: Proteinuria(date(2025, 1, 10), -(10**4300), G),
            CourseError,
            "must be zero or more",
            id="negative-4301-digit-value",
        ),
        pytest.param(
            lambda: Parameters(high_grade_proteinuria=10**4300),
            ParameterError,
            "is too large",
            id="4301-digit-parameter",
        ),
        pytest.param(
            lambda: Proteinuria(date(2025, 1, 10), Decimal("1e400"), G),
            CourseError,
            "must be between 1e-06 and 1e+06",
            id="decimal-beyond-every-float",
        ),
    ],
)
def test_a_huge_integer_is_called_out_of_range_not_infinite(
    build: object, error: type[GuidelineError], reason: str
) -> None:
    with pytest.raises(error) as raised:
        build()  # type: ignore[operator]
    assert raised.value.reason == reason
    assert reads_as_phrase(raised.value.reason)
    assert shows_value_as_json(str(raised.value))


NON_ASCII_DATES = [
    "\uff12\uff10\uff12\uff15-07-20",  # full-width digits for the year
    "\u0662\u0660\u0662\u0665-\u0660\u0667-\u0662\u0660",  # Arabic-Indic digits
    "2025-07-2\uff10",  # one full-width digit
]


@pytest.mark.parametrize("text", NON_ASCII_DATES, ids=["full-width", "arabic-indic", "one"])
def test_a_date_with_non_ascii_digits_is_refused_the_same_way_everywhere(
    tmp_path: Path, text: str
) -> None:
    reason = "must be a date written YYYY-MM-DD"
    data = to_json(complete_responder())
    with pytest.raises(CourseError) as raised:
        course_from_json({**data, "start": text})
    assert (raised.value.field, raised.value.reason) == ("start", reason)

    answer = json.loads(evaluate(json.dumps(data), text))
    assert answer["error"] == {
        "field": "on",
        "message": f'on: {reason} (got "{text}")',
        "reason": reason,
        "value": f'"{text}"',
        "empty": False,
    }

    path = tmp_path / "course.json"
    path.write_text(json.dumps(data))
    err = io.StringIO()
    status = cli.main(["recommend", str(path), "--on", text], stderr=err)
    assert (status, err.getvalue()) == (2, f'error: --on: {reason} (got "{text}")\n')
