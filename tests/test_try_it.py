"""The Try-it page's call: the same answers as the API, and field-level errors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from guideline import (
    DoseChange,
    DoseChangeReason,
    audit,
    audit_to_json,
    plan,
    recommend,
    to_json,
)
from guideline import _browser as browser
from guideline._browser import evaluate
from guideline.examples import WORKED_CASES
from guideline.timeline import timeline_svg

COMPLETE = json.dumps(to_json(WORKED_CASES["complete_responder"].course))
CASES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]


@pytest.mark.parametrize(("name", "on"), CASES, ids=[f"{n}-{d}" for n, d in CASES])
def test_the_page_gets_what_the_api_returns(name: str, on: date) -> None:
    course = WORKED_CASES[name].course
    result = json.loads(evaluate(json.dumps(to_json(course)), on.isoformat()))
    assert result["ok"] is True
    assert result["recommendation"] == to_json(recommend(course, on))
    assert result["plan"] == to_json(plan(course, on))
    assert result["audit"] == audit_to_json(audit(course.as_of(on)))
    assert result["timeline"] == timeline_svg(course, on)


def test_entries_after_the_date_are_left_out_of_the_audit() -> None:
    course = WORKED_CASES["complete_responder"].course
    early = DoseChange(date(2025, 3, 1), 3.5, DoseChangeReason.TAPER)  # before remission
    tapered_early = replace(course, dose_changes=(early, *course.dose_changes))
    text = json.dumps(to_json(tapered_early))
    assert audit(tapered_early)
    assert json.loads(evaluate(text, "2025-02-28"))["audit"] == {"deviations": []}
    assert json.loads(evaluate(text, "2025-03-01"))["audit"]["deviations"]


def _error(course_text: str, on: str = "2025-07-20") -> dict[str, str]:
    result = json.loads(evaluate(course_text, on))
    assert result["ok"] is False
    return result["error"]  # type: ignore[no-any-return]


def test_invalid_json_names_the_course() -> None:
    assert _error("{not json")["field"] == "course"


def test_a_bad_value_names_its_json_path() -> None:
    data = to_json(WORKED_CASES["complete_responder"].course)
    data["proteinuria"][2]["value"] = -1  # type: ignore[index]
    error = _error(json.dumps(data))
    assert error["field"] == "proteinuria[2].value"
    assert "proteinuria[2].value" in error["message"]


@pytest.mark.parametrize("on", ["2025-02-30", "20250720", "2020-01-01"])
def test_a_bad_evaluation_date_names_on(on: str) -> None:
    text = json.dumps(to_json(WORKED_CASES["complete_responder"].course))
    assert _error(text, on)["field"] == "on"


# --- invalid JSON: the parser's complaint and the start of the text ---


def test_invalid_json_gives_the_parsers_complaint_and_where() -> None:
    text = '{"agent": tacrolimus, "start": "2025-01-15"}'
    with pytest.raises(json.JSONDecodeError) as parsed:
        json.loads(text)
    excerpt = text[parsed.value.pos : parsed.value.pos + 20]
    reason = f"is not valid JSON: {parsed.value.msg} at line 1, column {parsed.value.colno}"
    assert _error(text) == {
        "field": "course",
        "message": f"course: {reason} (got {json.dumps(excerpt)})",
        "reason": reason,
        "value": json.dumps(excerpt),
        "empty": False,
    }


# --- whatever goes wrong, the page gets an answer it can show ---


def test_a_course_with_an_axis_over_80_years_is_answered() -> None:
    data = to_json(WORKED_CASES["complete_responder"].course)
    data["proteinuria"].insert(0, {"on": "1925-01-10", "value": 6.0, "unit": "g/day"})  # type: ignore[index]
    result = json.loads(evaluate(json.dumps(data), "2025-12-01"))
    assert result["ok"] is True
    assert result["timeline"].startswith("<svg")


@pytest.mark.parametrize(
    "broken", ["recommend", "plan", "audit", "timeline_svg", "course_from_json"]
)
def test_a_failure_inside_the_package_comes_back_as_an_error_not_an_exception(
    monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise StopIteration

    monkeypatch.setattr(browser, broken, fail)
    text = json.dumps(to_json(WORKED_CASES["complete_responder"].course))
    result = json.loads(evaluate(text, "2025-07-20"))
    assert result == {
        "ok": False,
        "error": {"field": "", "message": "internal failure: StopIteration"},
    }


@pytest.mark.parametrize(
    ("course_text", "on_text", "field"),
    [
        pytest.param(None, "2025-07-20", "course", id="course-not-text"),
        pytest.param("[" * 100_000 + "]" * 100_000, "2025-07-20", "course", id="deep-nesting"),
        pytest.param(COMPLETE, None, "on", id="date-not-text"),
    ],
)
def test_input_of_any_kind_comes_back_as_an_error_not_an_exception(
    course_text: object, on_text: object, field: str
) -> None:
    result = json.loads(evaluate(course_text, on_text))  # type: ignore[arg-type]
    assert result["ok"] is False
    assert result["error"]["field"] == field


# --- entries after the evaluation date: set aside, never blocking ---


def _complete() -> dict[str, Any]:
    return to_json(WORKED_CASES["complete_responder"].course)  # type: ignore[return-value]


def test_a_half_filled_row_after_the_date_does_not_stop_the_evaluation() -> None:
    data = _complete()
    data["proteinuria"].append({"on": "2025-09-01", "value": None, "unit": "g/day"})
    data["troughs"].append({"on": "2025-08-01", "value": -1})
    result = json.loads(evaluate(json.dumps(data), "2025-07-20"))
    assert result["ok"] is True
    course = WORKED_CASES["complete_responder"].course
    assert result["recommendation"] == to_json(recommend(course, date(2025, 7, 20)))


def test_the_same_row_on_or_before_the_date_is_refused() -> None:
    data = _complete()
    data["proteinuria"].append({"on": "2025-07-20", "value": None, "unit": "g/day"})
    error = _error(json.dumps(data), "2025-07-20")
    assert error["field"] == f"proteinuria[{len(data['proteinuria']) - 1}].value"
    assert error["empty"] is True
    assert error["value"] == "null"


def test_an_error_counts_rows_as_the_page_listed_them() -> None:
    data = _complete()
    later = {"on": "2025-12-01", "value": 0.2, "unit": "g/day"}
    data["proteinuria"].insert(1, later)  # listed second, set aside
    data["proteinuria"][3]["value"] = -2  # listed fourth
    error = _error(json.dumps(data), "2025-07-20")
    assert error["field"] == "proteinuria[3].value"
    assert error["message"].startswith("proteinuria[3].value: ")
    assert error["reason"] == "must be zero or more"
    assert error["value"] == "-2"
    assert error["empty"] is False


def test_a_row_with_a_bad_date_is_kept_and_refused() -> None:
    data = _complete()
    data["proteinuria"].append({"on": "2025-13-01", "value": 0.2, "unit": "g/day"})
    data["proteinuria"].append({"on": 20250901, "value": 0.2, "unit": "g/day"})
    assert _error(json.dumps(data))["field"].startswith("proteinuria[")


def test_a_course_that_is_not_an_object_is_refused_as_before() -> None:
    assert _error("[1, 2]")["field"] != ""
    assert _error('{"proteinuria": 3}')["field"] != ""


def test_a_path_in_a_list_nothing_was_set_aside_from_is_kept() -> None:
    data = _complete()
    last = WORKED_CASES["complete_responder"].dates[-1]
    assert data["creatinine"][-1]["on"] > last.isoformat()  # set aside
    assert data["troughs"][-1]["on"] <= last.isoformat()  # nothing set aside
    data["troughs"][1]["value"] = -1
    assert _error(json.dumps(data), last.isoformat())["field"] == "troughs[1].value"


def test_a_row_after_the_date_with_a_key_given_twice_is_kept_and_refused() -> None:
    data = _complete()
    later = max(range(len(data["proteinuria"])), key=lambda i: data["proteinuria"][i]["on"])
    assert data["proteinuria"][later]["on"] > "2025-07-20"
    text = json.dumps(data)
    entry = json.dumps(data["proteinuria"][later])
    text = text.replace(entry, entry.replace('{"on": ', '{"on": null, "on": ', 1), 1)
    error = _error(text, "2025-07-20")
    assert error["field"] == f"proteinuria[{later}].on"
    assert error["reason"] == "is given more than once in one JSON object"
