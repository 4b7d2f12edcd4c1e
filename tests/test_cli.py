"""The command line is a thin shell: its output is the API's output for the same inputs.

Most tests call ``main`` in-process with injected streams; two run ``python -m guideline``
in a subprocess to prove the entry point and the example in ``--help`` work.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import guideline
from guideline import (
    SCHEMA_KINDS,
    AdverseEffect,
    AdverseEffectReport,
    Course,
    CourseError,
    DoseChange,
    DoseChangeReason,
    MonitoringItem,
    Parameters,
    Plan,
    Recommendation,
    Trough,
    audit,
    audit_to_json,
    course_from_json,
    json_schema,
    plan,
    recommend,
    to_json,
)
from guideline import _cli as cli
from guideline.examples import WORKED_CASES, complete_responder, high_grade_slow_decline

from .wording import shows_value_as_json

ROOT = Path(guideline.__file__).resolve().parents[1]

CASE_DATES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(
    argv: list[str], stdin: Any = "", stderr: io.StringIO | None = None
) -> tuple[int, str, str]:
    """Run ``main`` in-process; return the exit status, stdout and stderr."""
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    source = io.StringIO(stdin) if isinstance(stdin, str) else stdin
    status = cli.main(argv, stdin=source, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def course_text(course: object) -> str:
    return json.dumps(to_json(course))


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def worked(tmp_path: Path, name: str) -> str:
    return write(tmp_path, f"{name}.json", course_text(WORKED_CASES[name].course))


def flat(text: str) -> str:
    """Text with its line wrapping undone, to find wrapped sentences in a table."""
    return " ".join(text.split())


def with_early_taper() -> object:
    """The complete responder tapered before any remission: one deviation."""
    course = complete_responder()
    steps = (
        DoseChange(date(2025, 3, 1), 3, DoseChangeReason.TAPER),
        DoseChange(date(2025, 9, 1), 2, DoseChangeReason.TAPER),
    )
    return replace(course, dose_changes=steps)


def bad_course_data() -> dict[str, Any]:
    """A worked case with one proteinuria value out of range, as JSON data."""
    data: dict[str, Any] = to_json(complete_responder())
    data["proteinuria"][1]["value"] = -1
    return data


# --- recommend and plan: JSON is the API's JSON ---------------------------------------------


@pytest.mark.parametrize(("name", "on"), CASE_DATES)
def test_recommend_json_is_the_api_result(tmp_path: Path, name: str, on: date) -> None:
    status, out, err = run(["recommend", worked(tmp_path, name), "--on", on.isoformat()])
    assert (status, err) == (0, "")
    assert json.loads(out) == to_json(recommend(WORKED_CASES[name].course, on))
    assert out == json.dumps(json.loads(out), indent=2) + "\n"


@pytest.mark.parametrize(("name", "on"), CASE_DATES)
def test_plan_json_is_the_api_result(tmp_path: Path, name: str, on: date) -> None:
    status, out, err = run(["plan", worked(tmp_path, name), "--on", on.isoformat()])
    assert (status, err) == (0, "")
    assert json.loads(out) == to_json(plan(WORKED_CASES[name].course, on))


def test_course_can_come_from_stdin() -> None:
    course = complete_responder()
    on = date(2025, 7, 20)
    status, out, _ = run(["recommend", "-", "--on", on.isoformat()], stdin=course_text(course))
    assert status == 0
    assert json.loads(out) == to_json(recommend(course, on))


def test_course_on_stdin_may_be_bytes_with_a_byte_order_mark() -> None:
    course = complete_responder()
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + course_text(course).encode()))
    status, out, _ = run(["plan", "-", "--on", "2025-08-10"], stdin=stdin)
    assert status == 0
    assert json.loads(out) == to_json(plan(course, date(2025, 8, 10)))


def test_parameters_file_is_applied(tmp_path: Path) -> None:
    course, on = high_grade_slow_decline(), date(2025, 10, 1)
    strict = Parameters(nonresponse_threshold=0.5)
    params = write(tmp_path, "params.json", json.dumps({"nonresponse_threshold": 0.5}))
    path = worked(tmp_path, "high_grade_slow_decline")
    _, default_out, _ = run(["recommend", path, "--on", on.isoformat()])
    status, out, _ = run(["recommend", path, "--on", on.isoformat(), "--parameters", params])
    assert status == 0
    assert json.loads(out) == to_json(recommend(course, on, strict))
    assert json.loads(default_out) == to_json(recommend(course, on))
    assert json.loads(out)["alerts"] != json.loads(default_out)["alerts"]


# --- text format ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "on"), CASE_DATES)
def test_recommend_text_shows_the_advice(tmp_path: Path, name: str, on: date) -> None:
    status, out, _ = run(
        ["recommend", worked(tmp_path, name), "--on", on.isoformat(), "--format", "text"]
    )
    advice = recommend(WORKED_CASES[name].course, on)
    assert status == 0
    assert out.startswith(f"action:          {advice.action.value}")
    text = flat(out)
    assert f"phase: {advice.phase.value}" in text
    assert flat(advice.rationale) in text
    assert ", ".join(advice.statements) in text
    assert ", ".join(advice.alerts or ["none"]) in text
    assert str(advice.next_review or "none given") in text
    for line in advice.explanation:
        assert flat(line) in text
    if advice.dose_mg_per_day is not None:
        assert f"(to {advice.dose_mg_per_day:g} mg/day)" in text


@pytest.mark.parametrize("on", [date(2025, 5, 1), date(2025, 8, 10), date(2025, 12, 1)])
def test_plan_text_shows_milestones_windows_and_monitoring(tmp_path: Path, on: date) -> None:
    path = worked(tmp_path, "complete_responder")
    status, out, _ = run(["plan", path, "--on", on.isoformat(), "--format", "text"])
    layout = plan(complete_responder(), on)
    assert status == 0
    text = flat(out)
    for milestone in layout.milestones:
        assert f"{milestone.on} {milestone.label}" in text
    for item in layout.monitoring:
        assert flat(f"{item.topic}: {item.detail}") in text
    check = layout.response_check
    assert f"response check: {check.opens} to {check.closes}" in text
    if layout.stop_window is None:
        assert "stop window: not yet known" in text
    else:
        assert f"stop window: {layout.stop_window.opens} to {layout.stop_window.closes}" in text
    step = layout.next_taper_step
    if step is not None:
        assert f"to {step.dose_mg_per_day:g} mg/day from {step.earliest}" in text
        assert step.latest is None or f"due by {step.latest}" in text


def test_plan_text_dates_show_known_and_unknown_fields() -> None:
    # The dates above show no remission, then a remission with a due taper step.
    layouts = [plan(complete_responder(), on) for on in (date(2025, 5, 1), date(2025, 8, 10))]
    assert layouts[0].remission is None
    assert layouts[1].remission is not None
    step = layouts[1].next_taper_step
    assert step is not None
    assert step.latest is not None


# --- audit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WORKED_CASES)
def test_audit_json_is_the_api_result(tmp_path: Path, name: str) -> None:
    status, out, _ = run(["audit", worked(tmp_path, name)])
    assert status == 0
    assert json.loads(out) == audit_to_json(audit(WORKED_CASES[name].course))


def test_audit_text_shows_one_line_per_deviation(tmp_path: Path) -> None:
    course = with_early_taper()
    deviations = audit(course)  # type: ignore[arg-type]
    assert deviations
    path = write(tmp_path, "course.json", course_text(course))
    status, out, _ = run(["audit", path, "--format", "text"])
    assert status == 0
    assert len(out.splitlines()) >= len(deviations)
    for deviation in deviations:
        assert f"{deviation.on}  {deviation.invariant}: {deviation.message}" in out
    _, json_out, _ = run(["audit", path])
    assert json.loads(json_out) == audit_to_json(deviations)


def test_audit_text_says_when_there_is_no_deviation(tmp_path: Path) -> None:
    status, out, _ = run(["audit", worked(tmp_path, "complete_responder"), "--format", "text"])
    assert (status, out) == (0, "no deviations\n")


# --- audit --jsonl: a cohort, streamed ---------------------------------------------------------


BAD_JSON_LINE = '{"agent": "tacrolimus",'


def decode_error(text: str) -> json.JSONDecodeError:
    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(text)
    return raised.value


def cohort_lines() -> tuple[list[str], list[object]]:
    """Six valid courses (one with a deviation) with an invalid course and bad JSON between."""
    courses = [*[case.course for case in WORKED_CASES.values()][:5], with_early_taper()]
    lines = [course_text(course) for course in courses]
    lines[2:2] = [json.dumps(bad_course_data()), "", BAD_JSON_LINE]
    return lines, courses


def test_cohort_audits_every_line_and_reports_bad_ones(tmp_path: Path) -> None:
    lines, courses = cohort_lines()
    path = write(tmp_path, "cohort.jsonl", "\r\n".join(lines) + "\n")
    status, out, err = run(["audit", "--jsonl", path])
    assert (status, err) == (2, "")
    results = [json.loads(line) for line in out.splitlines()]
    assert len(out.splitlines()) == len(results) == len(lines) - 1  # the blank line is skipped
    assert [result["line"] for result in results] == [1, 2, 3, 5, 6, 7, 8, 9]
    valid = [result for result in results if "deviations" in result]
    assert [{"deviations": r["deviations"]} for r in valid] == [
        audit_to_json(audit(course))
        for course in courses  # type: ignore[arg-type]
    ]
    assert valid[-1]["deviations"]  # the course with a deviation, after the bad lines
    with pytest.raises(CourseError) as raised:
        course_from_json(bad_course_data())
    assert results[2]["error"] == {"field": raised.value.field, "reason": raised.value.reason}
    assert raised.value.field == "proteinuria[1].value"
    assert results[3]["error"]["field"] == "$"
    error = decode_error(BAD_JSON_LINE)
    assert (
        results[3]["error"]["reason"] == f"is not valid JSON: {error.msg} at column {error.colno}"
    )
    for line in out.splitlines():
        assert line == json.dumps(json.loads(line), separators=(",", ":"))


def test_cohort_exits_0_when_every_line_is_valid(tmp_path: Path) -> None:
    _, courses = cohort_lines()
    path = write(tmp_path, "cohort.jsonl", "".join(course_text(c) + "\n" for c in courses))
    params = write(tmp_path, "params.json", json.dumps({"nonresponse_threshold": 0.5}))
    status, out, _ = run(["audit", "--jsonl", path, "--parameters", params])
    assert status == 0
    strict = Parameters(nonresponse_threshold=0.5)
    assert [json.loads(line) for line in out.splitlines()] == [
        {"line": n, **audit_to_json(audit(c, strict))}  # type: ignore[arg-type]
        for n, c in enumerate(courses, 1)
    ]


class LazyLines:
    """A stdin pipe that hands out one line a read and checks each result is already out."""

    def __init__(self, lines: list[str], out: io.StringIO) -> None:
        self.lines, self.out, self.read = lines, out, 0

    def read1(self, size: int) -> bytes:
        assert self.out.getvalue().count("\n") == self.read  # written before reading on
        if self.read == len(self.lines):
            return b""
        self.read += 1
        return (self.lines[self.read - 1] + "\n").encode()


def test_cohort_from_stdin_is_streamed_line_by_line() -> None:
    courses = [case.course for case in WORKED_CASES.values()]
    out = io.StringIO()
    stdin = LazyLines([course_text(course) for course in courses], out)
    status = cli.main(["audit", "--jsonl", "-"], stdin=stdin, stdout=out, stderr=io.StringIO())  # type: ignore[arg-type]
    assert status == 0
    assert stdin.read == len(courses)
    assert len(out.getvalue().splitlines()) == len(courses)


def test_progress_is_shown_with_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 2)
    lines, _ = cohort_lines()
    path = write(tmp_path, "cohort.jsonl", "\n".join(lines) + "\n")
    status, _, err = run(["audit", "--jsonl", path, "--progress"])
    assert status == 2
    assert err.splitlines() == [
        "audited 2 courses, 0 invalid lines",  # line 2
        "audited 2 courses, 1 invalid lines",  # line 4 (blank)
        "audited 3 courses, 2 invalid lines",  # line 6
        "audited 5 courses, 2 invalid lines",  # line 8
        "done: audited 6 courses, 2 invalid lines",
    ]


def test_progress_is_shown_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 1)
    path = write(tmp_path, "cohort.jsonl", course_text(complete_responder()) + "\n")
    status, _, err = run(["audit", "--jsonl", path], stderr=TTY())
    assert status == 0
    assert err == "audited 1 courses, 0 invalid lines\ndone: audited 1 courses, 0 invalid lines\n"


def test_no_progress_otherwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 1)
    path = write(tmp_path, "cohort.jsonl", course_text(complete_responder()) + "\n")
    assert run(["audit", "--jsonl", path])[::2] == (0, "")


# --- schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_schema_prints_each_kind(kind: str) -> None:
    status, out, _ = run(["schema", kind])
    assert status == 0
    assert json.loads(out) == json_schema(kind)


def test_schema_rejects_an_unknown_kind() -> None:
    status, out, err = run(["schema", "patient"])
    assert (status, out) == (2, "")
    assert "invalid choice: 'patient'" in err


# --- invalid input: exit 2, naming the field ---------------------------------------------------


@pytest.mark.parametrize(
    ("on", "reason"),
    [
        ("2025-13-01", "is not a calendar date"),
        ("2025-02-29", "is not a calendar date"),
        ("20250720", "must be a date written YYYY-MM-DD"),
        ("2025-W30-1", "must be a date written YYYY-MM-DD"),
        ("tomorrow", "must be a date written YYYY-MM-DD"),
    ],
)
def test_a_bad_on_date_exits_2_naming_on(tmp_path: Path, on: str, reason: str) -> None:
    path = worked(tmp_path, "complete_responder")
    for command in ("recommend", "plan"):
        status, out, err = run([command, path, "--on", on])
        assert (status, out) == (2, "")
        assert err == f'error: --on: {reason} (got "{on}")\n'


def test_an_on_date_before_the_start_exits_2_naming_on(tmp_path: Path) -> None:
    course = complete_responder()
    with pytest.raises(CourseError) as raised:
        recommend(course, date(2024, 12, 31))
    status, _, err = run(
        ["recommend", worked(tmp_path, "complete_responder"), "--on", "2024-12-31"]
    )
    assert status == 2
    assert err == f'error: --on: {raised.value.reason} (got "2024-12-31")\n'


def test_an_invalid_course_exits_2_with_its_json_path(tmp_path: Path) -> None:
    with pytest.raises(CourseError) as raised:
        course_from_json(bad_course_data())
    path = write(tmp_path, "course.json", json.dumps(bad_course_data()))
    for argv in (["recommend", path, "--on", "2025-07-20"], ["audit", path]):
        status, out, err = run(argv)
        assert (status, out) == (2, "")
        assert err == f"error: proteinuria[1].value: {raised.value.reason} (got -1)\n"


def test_invalid_json_text_exits_2_with_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "agent": "tacrolimus",\n  "start": 2025-01-15\n}'
    path = write(tmp_path, "course.json", text)
    status, _, err = run(["audit", path])
    error = decode_error(text)
    assert (status, error.lineno) == (2, 3)
    excerpt = text[error.pos : error.pos + 20]
    assert err == (
        f"error: {path}: is not valid JSON: {error.msg} at line 3, column {error.colno} "
        f"(got {json.dumps(excerpt)})\n"
    )


def test_text_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "course.json"
    path.write_bytes(b'{"agent": "tacrolim\xffs"}')
    status, _, err = run(["audit", str(path)])
    assert status == 2
    assert err == f"error: {path}: is not UTF-8 (got the bytes ff)\n"


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["recommend", "{missing}", "--on", "2025-07-20"], "COURSE"),
        (["plan", "{course}", "--on", "2025-07-20", "--parameters", "{missing}"], "--parameters"),
        (["audit", "--jsonl", "{missing}"], "--jsonl"),
        (["audit", "{tmp}"], "COURSE"),
    ],
)
def test_an_unreadable_file_exits_2_naming_the_option(
    tmp_path: Path, argv: list[str], option: str
) -> None:
    names = {
        "missing": str(tmp_path / "missing.json"),
        "course": worked(tmp_path, "complete_responder"),
        "tmp": str(tmp_path),
    }
    status, out, err = run([arg.format(**names) for arg in argv])
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {option}: cannot be read: ")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"nonresponse_threshold": 0.9}, "nonresponse_threshold"),
        ({"confirmation_gap_days": 7.5}, "confirmation_gap_days"),
        ({"threshold": 0.4}, "threshold"),
        ([0.4], "$"),
    ],
)
def test_invalid_parameters_exit_2_naming_the_field(
    tmp_path: Path, params: object, field: str
) -> None:
    path = write(tmp_path, "params.json", json.dumps(params))
    course = worked(tmp_path, "complete_responder")
    for argv in (["recommend", course, "--on", "2025-07-20"], ["audit", "--jsonl", course]):
        status, out, err = run([*argv, "--parameters", path])
        assert (status, out) == (2, "")
        assert err.startswith(f"error: {field}: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["recommend", "course.json"], "the following arguments are required: --on"),
        (["audit"], "give either COURSE or --jsonl COHORT.jsonl"),
        (["audit", "a.json", "--jsonl", "b.jsonl"], "give either COURSE or --jsonl COHORT.jsonl"),
        (["audit", "a.json", "--progress"], "--progress applies to --jsonl only"),
        (["audit", "--jsonl", "b.jsonl", "--format", "text"], "--format text does not apply"),
        (["recommend", "-", "--on", "2025-07-20", "--parameters", "-"], "only one input"),
        (["audit", "--jsonl", "-", "--parameters", "-"], "only one input"),
        (["recommend", "a.json", "--on", "2025-07-20", "--format", "html"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str) -> None:
    status, out, err = run(argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: guideline")
    assert message in err


# --- other failures: exit 1 --------------------------------------------------------------------


def test_any_other_failure_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("the rules broke")

    monkeypatch.setattr(cli, "recommend", broken)
    status, out, err = run(["recommend", worked(tmp_path, "non_responder"), "--on", "2025-06-20"])
    assert (status, out) == (1, "")
    assert err == "error: internal failure: RuntimeError: the rules broke\n"


def test_a_course_error_not_about_the_date_keeps_its_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise CourseError("troughs[0].value", 99, "is out of range")

    monkeypatch.setattr(cli, "plan", refuse)
    status, _, err = run(["plan", worked(tmp_path, "non_responder"), "--on", "2025-06-20"])
    assert status == 2
    assert err == "error: troughs[0].value: is out of range (got 99)\n"


class ClosedPipe(io.StringIO):
    """A stdout whose reader has gone away, over a real file descriptor."""

    def __init__(self, fileno: int) -> None:
        super().__init__()
        self.fd = fileno

    def write(self, text: str) -> int:
        raise BrokenPipeError

    def fileno(self) -> int:
        return self.fd


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    err = io.StringIO()
    with (tmp_path / "stdout").open("w") as file:
        status = cli.main(["schema", "course"], stdout=ClosedPipe(file.fileno()), stderr=err)
    assert (status, err.getvalue()) == (1, "")
    # A stream with no file descriptor is left as it is.
    status = cli.main(["schema", "course"], stdout=ClosedPipe(-1), stderr=err)
    assert (status, err.getvalue()) == (1, "")


# --- help, version and the entry points ---------------------------------------------------------


def test_help_explains_the_program_with_a_runnable_example() -> None:
    status, out, _ = run(["--help"])
    assert status == 0
    for command in ("recommend", "plan", "audit", "schema"):
        assert command in out
    assert "python -m guideline recommend course.json --on 2025-07-20" in out
    assert "exit status" in out


@pytest.mark.parametrize("command", ["recommend", "plan", "audit", "schema"])
def test_help_explains_each_command_with_an_example(command: str) -> None:
    status, out, _ = run([command, "--help"])
    assert status == 0
    assert out.startswith(f"usage: guideline {command}")
    assert f"example:\n  python -m guideline {command} " in out


def test_version_prints_the_package_version() -> None:
    assert run(["--version"]) == (0, f"guideline {guideline.__version__}\n", "")


def test_main_uses_the_process_streams_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["guideline", "schema", "audit"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("guideline", run_name="__main__")
    assert exited.value.code == 0
    assert json.loads(capsys.readouterr().out) == json_schema("audit")


def test_python_m_guideline_runs(tmp_path: Path) -> None:
    course, on = complete_responder(), date(2025, 7, 20)
    path = write(tmp_path, "course.json", course_text(course))
    result = subprocess.run(
        [sys.executable, "-m", "guideline", "recommend", path, "--on", on.isoformat()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == to_json(recommend(course, on))
    bad = subprocess.run(
        [sys.executable, "-m", "guideline", "recommend", path, "--on", "2025-13-01"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --on: ")


def test_the_example_in_help_runs_as_written(tmp_path: Path) -> None:
    _, out, _ = run(["--help"])
    make = next(line.strip() for line in out.splitlines() if line.strip().startswith("python -c"))
    env = {"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)}
    python = shlex.quote(sys.executable)
    made = subprocess.run(
        make.replace("python", python, 1), shell=True, cwd=tmp_path, env=env, check=False
    )
    assert made.returncode == 0
    example = "python -m guideline recommend course.json --on 2025-07-20"
    result = subprocess.run(
        example.replace("python", python, 1),
        shell=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout) == to_json(recommend(complete_responder(), date(2025, 7, 20)))


# --- text output row by row, stdin, unreadable files, closed pipes, usage and help --------------

NOT_YET_KNOWN = "not yet known"
STRICT_GAP = {"confirmation_gap_days": 28}
"""Parameters under which the complete responder's two taper steps come too early."""


def with_two_alerts() -> Course:
    """The complete responder with a trough out of range and an adverse effect in July 2025."""
    course = complete_responder()
    return replace(
        course,
        troughs=(*course.troughs, Trough(date(2025, 7, 10), 12.0)),
        adverse_effects=(AdverseEffectReport(date(2025, 7, 5), AdverseEffect.HYPERTENSION),),
    )


TEXT_CASES = [
    *[pytest.param(WORKED_CASES[name].course, on, id=f"{name}-{on}") for name, on in CASE_DATES],
    pytest.param(with_two_alerts(), date(2025, 7, 20), id="two-alerts"),
]


def read_table(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The rows (label: value) and bullet lists (title: items) of a text table, unwrapped.

    Values start in one column, two past the longest label, and wrap indented to it;
    list items start with ``  - `` and wrap indented by four. Any other line fails.
    Runs of spaces read as one, as in :func:`flat`.
    """
    assert text.endswith("\n")
    rows: dict[str, list[str]] = {}
    lists: dict[str, list[list[str]]] = {}
    columns = set()
    for line in text.splitlines():
        row = re.fullmatch(r"([a-z][a-z ]*):( +)(\S.*)", line)
        if re.fullmatch(r"[a-z]+:", line):
            lists[line[:-1]] = []
        elif lists:
            items = lists[next(reversed(lists))]
            if re.match(r"  - \S", line):
                items.append([line[4:]])
            else:
                assert re.match(r"    \S", line), line
                assert items, line
                items[-1].append(line[4:])
        elif row:
            label, gap, value = row.groups()
            rows[label] = [value]
            columns.add(len(label) + 1 + len(gap))
        else:
            value = line.lstrip(" ")
            assert rows, line
            assert value, line
            columns.add(len(line) - len(value))
            rows[next(reversed(rows))].append(value)
    assert columns == {max(map(len, rows)) + 2}
    return (
        {label: flat(" ".join(parts)) for label, parts in rows.items()},
        {title: [flat(" ".join(parts)) for parts in items] for title, items in lists.items()},
    )


def flat_all(texts: dict[str, str]) -> dict[str, str]:
    return {key: flat(value) for key, value in texts.items()}


def recommendation_rows(advice: Recommendation) -> dict[str, str]:
    dose = advice.dose_mg_per_day
    return {
        "action": advice.action.value + ("" if dose is None else f" (to {dose:g} mg/day)"),
        "phase": advice.phase.value,
        "on": advice.on.isoformat(),
        "alerts": ", ".join(alert.value for alert in advice.alerts) or "none",
        "next review": "none given" if advice.next_review is None else str(advice.next_review),
        "rationale": advice.rationale,
        "statements": ", ".join(advice.statements),
        "interpretations": ", ".join(advice.interpretations) or "none",
    }


def plan_rows(layout: Plan) -> dict[str, str]:
    """Every row but "stop window from start", whose value goes on with a remark."""
    remission, step = layout.remission, layout.next_taper_step
    due = "" if step is None or step.latest is None else f", due by {step.latest}"
    return {
        "on": str(layout.on),
        "phase": layout.phase.value,
        "period start": str(layout.period_start),
        "trial": f"from {layout.trial_start}, month-12 bound {layout.trial_bound}",
        "response check": f"{layout.response_check.opens} to {layout.response_check.closes}",
        "remission": "none"
        if remission is None
        else f"{remission.level.value}, confirmed {remission.confirmed}",
        "earliest taper start": str(layout.earliest_taper_start or NOT_YET_KNOWN),
        "next taper step": NOT_YET_KNOWN
        if step is None
        else f"to {step.dose_mg_per_day:g} mg/day from {step.earliest}{due}",
        "reduced dose reached": str(layout.reduced_dose_reached or NOT_YET_KNOWN),
        "maintenance end": str(layout.maintenance_end or NOT_YET_KNOWN),
        "stop window": NOT_YET_KNOWN
        if layout.stop_window is None
        else f"{layout.stop_window.opens} to {layout.stop_window.closes}",
        "withdrawal": "; ".join(
            f"{'stop' if s.dose_mg_per_day is None else f'{s.dose_mg_per_day:g} mg/day'} on {s.on}"
            for s in layout.withdrawal
        )
        or "none",
        "next review": str(layout.next_review),
    }


def plan_lists(layout: Plan) -> dict[str, list[str]]:
    return {
        "milestones": [
            flat(f"{m.on}  {m.label} [{', '.join(m.statements)}]") for m in layout.milestones
        ],
        "monitoring": [
            flat(f"{item.topic}: {item.detail} [{', '.join(item.statements)}]")
            for item in layout.monitoring
        ],
    }


@pytest.mark.parametrize(("course", "on"), TEXT_CASES)
def test_recommend_text_states_the_api_result_row_by_row(
    tmp_path: Path, course: Any, on: date
) -> None:
    path = write(tmp_path, "course.json", course_text(course))
    status, out, _ = run(["recommend", path, "--on", on.isoformat(), "--format", "text"])
    advice = recommend(course, on)
    rows, lists = read_table(out)
    assert status == 0
    assert rows == flat_all(recommendation_rows(advice))
    assert lists == {"explanation": [flat(line) for line in advice.explanation]}


@pytest.mark.parametrize(("course", "on"), TEXT_CASES)
def test_plan_text_states_the_api_result_row_by_row(tmp_path: Path, course: Any, on: date) -> None:
    path = write(tmp_path, "course.json", course_text(course))
    status, out, _ = run(["plan", path, "--on", on.isoformat(), "--format", "text"])
    layout = plan(course, on)
    rows, lists = read_table(out)
    from_start = rows.pop("stop window from start")
    assert status == 0
    assert rows == flat_all(plan_rows(layout))
    assert from_start.startswith(
        f"{layout.stop_window_from_start.opens} to {layout.stop_window_from_start.closes} ("
    )
    assert lists == plan_lists(layout)


def test_text_shows_results_the_rules_do_not_produce_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Advice citing no interpretation (all advice cites D1 today) and a checklist item
    citing two statements (each cites one today)."""
    on = date(2025, 8, 10)
    advice = replace(recommend(complete_responder(), on), interpretations=())
    layout = plan(complete_responder(), on)
    item = MonitoringItem("Trough and creatinine", "Measure both.", ("E1", "E2"))
    layout = replace(layout, monitoring=(*layout.monitoring, item))
    monkeypatch.setattr(cli, "recommend", lambda *args: advice)
    monkeypatch.setattr(cli, "plan", lambda *args: layout)
    argv = [worked(tmp_path, "complete_responder"), "--on", on.isoformat(), "--format", "text"]
    advice_status, advice_out, _ = run(["recommend", *argv])
    plan_status, plan_out, _ = run(["plan", *argv])
    assert (advice_status, plan_status) == (0, 0)
    assert read_table(advice_out)[0] == flat_all(recommendation_rows(advice))
    assert read_table(plan_out)[1] == plan_lists(layout)


def test_audit_text_states_each_deviation_with_wrapped_lines_indented(tmp_path: Path) -> None:
    course = complete_responder()
    strict = {**STRICT_GAP, "tacrolimus_dose_step_mg": 2.0}
    deviations = audit(course, Parameters(**strict))
    params = write(tmp_path, "params.json", json.dumps(strict))
    path = worked(tmp_path, "complete_responder")
    status, out, _ = run(["audit", path, "--parameters", params, "--format", "text"])
    entries: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith(" "):
            assert re.match(r"    \S", line), line
            assert entries, line
            entries[-1].append(line)
        else:
            entries.append([line])
    assert status == 0
    assert len(out.splitlines()) > len(entries) == len(deviations) > 1
    assert [flat(" ".join(entry)) for entry in entries] == [
        flat(f"{d.on}  {d.invariant}: {d.message} [{', '.join(d.statements)}]") for d in deviations
    ]


@pytest.mark.parametrize("argv", [["audit", "{course}"], ["audit", "--jsonl", "{course}"]])
def test_parameters_apply_to_audit(tmp_path: Path, argv: list[str]) -> None:
    course = complete_responder()
    paths = {"course": worked(tmp_path, "complete_responder")}
    params = write(tmp_path, "params.json", json.dumps(STRICT_GAP))
    status, out, _ = run([*[arg.format(**paths) for arg in argv], "--parameters", params])
    expected = audit_to_json(audit(course, Parameters(**STRICT_GAP)))
    assert status == 0
    assert expected != audit_to_json(audit(course))
    result = json.loads(out)
    assert {"deviations": result["deviations"]} == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["recommend", "{course}", "--on", "2025-07-20", "--parameters", "{params}"],
        ["plan", "{course}", "--on", "2025-07-20", "--parameters", "{params}"],
        ["audit", "{course}", "--parameters", "{params}"],
        ["audit", "--jsonl", "{course}", "--parameters", "{params}"],
    ],
)
@pytest.mark.parametrize("piped", ["course", "params"])
def test_any_one_input_can_come_from_stdin(tmp_path: Path, argv: list[str], piped: str) -> None:
    texts = {"course": course_text(complete_responder()), "params": json.dumps(STRICT_GAP)}
    paths = {key: write(tmp_path, f"{key}.json", text) for key, text in texts.items()}
    from_files = run([arg.format(**paths) for arg in argv])
    from_stdin = run([arg.format(**{**paths, piped: "-"}) for arg in argv], stdin=texts[piped])
    assert from_files[0] == 0
    assert from_stdin == from_files


def test_invalid_json_on_stdin_is_named_stdin_and_quoted_from_the_error() -> None:
    text = '{"agent": tacrolimus, "start": "2025-01-15", "starting_dose_mg_per_day": 4}'
    error = decode_error(text)
    excerpt = text[error.pos : error.pos + 20]
    assert len(text) - error.pos > len(excerpt)
    status, out, err = run(["audit", "-"], stdin=text)
    assert (status, out) == (2, "")
    assert err == (
        f"error: <stdin>: is not valid JSON: {error.msg} at line 1, column {error.colno} "
        f"(got {json.dumps(excerpt)})\n"
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["audit", "missing.json"], "COURSE"),
        (["audit", "{course}", "--parameters", "missing.json"], "--parameters"),
        (["audit", "--jsonl", "missing.json"], "--jsonl"),
    ],
)
def test_an_unreadable_file_is_reported_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], option: str
) -> None:
    monkeypatch.chdir(tmp_path)
    course = worked(tmp_path, "complete_responder")
    status, out, err = run([arg.format(course=course) for arg in argv])
    assert (status, out) == (2, "")
    assert (
        err
        == f'error: {option}: cannot be read: {os.strerror(errno.ENOENT)} (got "missing.json")\n'
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["recommend", "{course}", "--on", "2025-07-20"],
        ["plan", "{course}", "--on", "2025-07-20"],
        ["audit", "{course}"],
    ],
)
def test_format_json_is_the_default(tmp_path: Path, argv: list[str]) -> None:
    args = [arg.format(course=worked(tmp_path, "complete_responder")) for arg in argv]
    default = run(args)
    assert default[0] == 0
    assert run([*args, "--format", "json"]) == default


def test_main_reads_stdin_and_reports_errors_on_the_process_streams(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = complete_responder()
    monkeypatch.setattr(sys, "stdin", io.StringIO(course_text(course)))
    assert cli.main(["audit", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == audit_to_json(audit(course))
    monkeypatch.setattr(sys, "stdin", io.StringIO("{"))
    assert cli.main(["audit", "-"]) == 2
    assert capsys.readouterr().err.startswith("error: <stdin>: ")


class UnnamedPipe(io.StringIO):
    """A stdout whose reader has gone away and that no longer has a file descriptor."""

    def write(self, text: str) -> int:
        raise BrokenPipeError

    def fileno(self) -> int:
        raise ValueError("I/O operation on closed file")


def test_a_closed_pipe_stops_quietly_whatever_the_stream() -> None:
    err = io.StringIO()
    status = cli.main(["schema", "course"], stdout=UnnamedPipe(), stderr=err)
    assert (status, err.getvalue()) == (1, "")


COMMANDS = ["recommend", "plan", "audit", "schema", "serve"]

USAGES = {
    "recommend": [
        "--on YYYY-MM-DD",
        "[--parameters PARAMS.json]",
        "[--format {json,text}]",
        "COURSE",
    ],
    "audit": [
        "[--parameters PARAMS.json]",
        "[--format {json,text}]",
        "[--jsonl COHORT.jsonl]",
        "[--progress]",
        "[COURSE]",
    ],
    "schema": ["{" + ",".join(SCHEMA_KINDS) + "}"],
}
USAGES["plan"] = USAGES["recommend"]
USAGES["serve"] = [
    "[--host HOST]",
    "[--port PORT]",
    "[--on YYYY-MM-DD | --today]",
    "[--parameters PARAMS.json]",
]


def help_entries(text: str) -> dict[str, str]:
    """Each argument listed in a ``--help`` text, with its help (unwrapped)."""
    entries: dict[str, list[str]] = {}
    listing = False
    for line in text.splitlines():
        if not line.startswith(" "):
            listing = line in ("positional arguments:", "options:")
        elif listing and re.match(r" {2,4}\S", line):
            invocation, _, help_ = line.strip().partition("  ")
            entries[invocation] = [help_.strip()] if help_.strip() else []
        elif listing:
            entries[next(reversed(entries))].append(line.strip())
    return {invocation: " ".join(parts) for invocation, parts in entries.items()}


def reads_as_help(text: str, usage: str) -> bool:
    """A phrase: it opens with a small letter or JSON and writes no word in capitals but
    JSON and the placeholders of the usage."""
    capitals = set(re.findall(r"\b[A-Z]{2,}\b", text)) - set(re.findall(r"\b[A-Z]{2,}\b", usage))
    return capitals <= {"JSON"} and (text[:1].islower() or text.startswith("JSON "))


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_names_every_input_by_its_placeholder(command: str) -> None:
    _, out, _ = run([command, "--help"])
    usage = " ".join(out.split("\n\n")[0].split())
    prefix = f"usage: guideline {command} [-h] "
    assert usage.startswith(prefix)
    inputs = re.findall(r"\[[^]]*\]|--\S+ \S+|\S+", usage.removeprefix(prefix))
    assert sorted(inputs) == sorted(USAGES[command])


@pytest.mark.parametrize("command", [[], *[[command] for command in COMMANDS]])
def test_help_describes_every_command_and_argument(command: list[str]) -> None:
    status, out, _ = run([*command, "--help"])
    usage, description, *_ = out.split("\n\n")
    entries = help_entries(out)
    assert status == 0
    assert description[:1].isupper()
    assert description.endswith(".")
    if not command:
        assert set(COMMANDS) <= set(entries)
        del entries["COMMAND"]
    for invocation, text in entries.items():
        assert reads_as_help(text, usage), (invocation, text)


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["recommend", "--on", "2025-07-20"], ["COURSE"]),
        (["plan", "--on", "2025-07-20"], ["COURSE"]),
        (["audit"], ["COURSE", "--jsonl COHORT.jsonl"]),
        (["audit", "a.json", "--jsonl", "b.jsonl"], ["COURSE", "--jsonl COHORT.jsonl"]),
        (["audit", "a.json", "--progress"], ["--progress", "--jsonl"]),
        (
            ["audit", "--jsonl", "b.jsonl", "--format", "text"],
            ["--jsonl", "JSON lines", "--format text"],
        ),
        (["recommend", "-", "--on", "2025-07-20", "--parameters", "-"], ["stdin ('-')"]),
        (["audit", "--jsonl", "-", "--parameters", "-"], ["stdin ('-')"]),
    ],
)
def test_a_usage_error_is_a_phrase_naming_the_inputs(argv: list[str], names: list[str]) -> None:
    status, out, err = run(argv)
    *usage, last = err.splitlines()
    prefix = f"guideline {argv[0]}: error: "
    assert (status, out) == (2, "")
    assert usage[0].startswith(f"usage: guideline {argv[0]} ")
    assert last.startswith(prefix)
    message = last.removeprefix(prefix)
    assert message[:1].islower() or message.startswith("--")
    for name in names:
        assert name in message


# --- hostile input: one bad line never stops a cohort ------------------------------------------

DEEP_ARRAYS = "[" * 100_000 + "]" * 100_000
DEEP_OBJECTS = '{"agent": ' + '{"a": ' * 2000 + "1" + "}" * 2001
HUGE = "1" + "0" * 4300  # 4,301 digits: more than int() reads from text by default


def with_proteinuria_value(written: str) -> str:
    """The complete responder as JSON text, its proteinuria[1].value written as given."""
    data: dict[str, Any] = to_json(complete_responder())
    data["proteinuria"][1]["value"] = "@"
    return json.dumps(data).replace('"@"', written)


UNREADABLE = [
    pytest.param(DEEP_ARRAYS, "$", "is nested too deeply to read", id="arrays-nested-100000-deep"),
    pytest.param(DEEP_OBJECTS, "$", "is nested too deeply to read", id="objects-nested-2000-deep"),
    pytest.param(
        with_proteinuria_value(HUGE),
        "proteinuria[1].value",
        "must be between 1e-06 and 1e+06",
        id="4301-digit-integer",
    ),
    pytest.param(
        with_proteinuria_value("-" + HUGE),
        "proteinuria[1].value",
        "must be zero or more",
        id="negative-4301-digit-integer",
    ),
    pytest.param(
        with_proteinuria_value("1e400"),
        "proteinuria[1].value",
        "must be between 1e-06 and 1e+06",
        id="float-beyond-every-float",
    ),
]


@pytest.mark.parametrize(("line", "field", "reason"), UNREADABLE)
def test_one_line_json_cannot_read_does_not_stop_a_cohort(
    tmp_path: Path, line: str, field: str, reason: str
) -> None:
    good = course_text(complete_responder())
    path = write(tmp_path, "cohort.jsonl", f"{good}\n{line}\n{good}\n")
    status, out, err = run(["audit", "--jsonl", path])
    assert (status, err) == (2, "")
    results = [json.loads(text) for text in out.splitlines()]
    assert results == [
        {"line": 1, **audit_to_json(audit(complete_responder()))},
        {"line": 2, "error": {"field": field, "reason": reason}},
        {"line": 3, **audit_to_json(audit(complete_responder()))},
    ]


@pytest.mark.parametrize(("text", "field", "reason"), UNREADABLE)
def test_a_course_json_cannot_read_exits_2_naming_why(
    tmp_path: Path, text: str, field: str, reason: str
) -> None:
    path = write(tmp_path, "course.json", text)
    for argv in (["recommend", path, "--on", "2025-07-20"], ["audit", path]):
        status, out, err = run(argv)
        assert (status, out) == (2, "")
        named = path if field == "$" else field
        assert err.startswith(f"error: {named}: {reason} (got ")
        assert shows_value_as_json(err.removeprefix("error: ").rstrip("\n"))


def test_a_fault_of_the_program_on_one_cohort_line_is_recorded_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited: list[Course] = []

    def fails_on_the_second(course: Course, parameters: Parameters) -> object:
        audited.append(course)
        if len(audited) == 2:
            raise RuntimeError("the rules broke")
        return audit(course, parameters)

    monkeypatch.setattr(cli, "audit", fails_on_the_second)
    good = course_text(complete_responder())
    path = write(tmp_path, "cohort.jsonl", f"{good}\n{good}\n{BAD_JSON_LINE}\n{good}\n")
    status, out, err = run(["audit", "--jsonl", path])
    results = [json.loads(text) for text in out.splitlines()]
    assert [result["line"] for result in results] == [1, 2, 3, 4]
    assert results[1]["error"] == {
        "field": "$",
        "reason": "internal failure: RuntimeError: the rules broke",
    }
    assert "deviations" in results[3]
    assert status == 1
    assert (
        err
        == "error: internal failure on 1 line (the first, line 2): RuntimeError: the rules broke\n"
    )


def interrupted(*args: object) -> None:
    raise KeyboardInterrupt


def run_interruptible(argv: list[str]) -> tuple[int, str, str]:
    """``run``, failing the test (instead of stopping pytest) if an interrupt escapes main."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped main with a traceback")


@pytest.mark.parametrize("command", ["recommend", "plan", "audit"])
def test_ctrl_c_prints_a_one_line_summary_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(cli, command, interrupted)
    path = worked(tmp_path, "complete_responder")
    dated = [] if command == "audit" else ["--on", "2025-07-20"]
    assert run_interruptible([command, path, *dated]) == (
        130,
        "",
        "interrupted: no result was written\n",
    )


def test_ctrl_c_during_a_cohort_prints_a_one_line_summary_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audited: list[Course] = []

    def interrupted_on_the_third(course: Course, parameters: Parameters) -> object:
        audited.append(course)
        if len(audited) == 3:
            raise KeyboardInterrupt
        return audit(course, parameters)

    monkeypatch.setattr(cli, "audit", interrupted_on_the_third)
    good = course_text(complete_responder())
    lines = [good, BAD_JSON_LINE, good, good, good]
    path = write(tmp_path, "cohort.jsonl", "\n".join(lines) + "\n")
    status, out, err = run_interruptible(["audit", "--jsonl", path])
    assert status == 130
    assert [json.loads(text)["line"] for text in out.splitlines()] == [1, 2, 3]
    assert err == "interrupted at line 4: audited 2 courses, 1 invalid lines\n"


# --- hostile surroundings: a closed or full output is said plainly -------------------------------


def test_a_closed_stdout_is_reported_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    err = io.StringIO()
    status = cli.main(["schema", "course"], stderr=err)
    assert (status, err.getvalue()) == (
        1,
        "error: cannot write the output: standard output is closed\n",
    )


def test_a_closed_stdout_is_reported_plainly_by_the_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "guideline", "schema", "course"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "error: cannot write the output: standard output is closed\n",
    )


class FullDisk(io.StringIO):
    """A stdout on a full disk: writing fails, or flushing does (the write was buffered)."""

    def __init__(self, on: str) -> None:
        super().__init__()
        self.on = on

    def write(self, text: str) -> int:
        if self.on == "write":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(text)

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("on", ["write", "flush"])
@pytest.mark.parametrize(
    "argv",
    [
        ["recommend", "{course}", "--on", "2025-07-20"],
        ["audit", "--jsonl", "{course}"],
        ["schema", "course"],
    ],
    ids=["recommend", "cohort", "schema"],
)
def test_a_full_disk_is_reported_plainly(tmp_path: Path, argv: list[str], on: str) -> None:
    course = worked(tmp_path, "complete_responder")
    err = io.StringIO()
    status = cli.main([arg.format(course=course) for arg in argv], stdout=FullDisk(on), stderr=err)
    assert (status, err.getvalue()) == (
        1,
        f"error: cannot write the output: {os.strerror(errno.ENOSPC)}\n",
    )


# --- hostile text: duplicate keys, line endings, encodings --------------------------------------

DUPLICATES = [
    pytest.param(
        '"agent": "tacrolimus"',
        '"agent": "garbage", "agent": "tacrolimus"',
        "agent",
        '["garbage", "tacrolimus"]',
        id="top-level",
    ),
    pytest.param(
        '"low": 5.0',
        '"low": null, "low": 5.0',
        "target_trough.low",
        "[null, 5.0]",
        id="nested-object",
    ),
    pytest.param(
        '"value": 4.0',
        '"value": 4.0, "value": 4.0',
        "proteinuria[1].value",
        "[4.0, 4.0]",
        id="series-entry",
    ),
]


@pytest.mark.parametrize(("written", "repeated", "field", "shown"), DUPLICATES)
def test_a_key_given_twice_is_refused_naming_the_key_and_path(
    tmp_path: Path, written: str, repeated: str, field: str, shown: str
) -> None:
    text = course_text(complete_responder())
    assert text.count(written) == 1
    text = text.replace(written, repeated)
    reason = "is given more than once in one JSON object"
    path = write(tmp_path, "course.json", text)
    status, out, err = run(["recommend", path, "--on", "2025-07-20"])
    assert (status, out, err) == (2, "", f"error: {field}: {reason} (got {shown})\n")
    cohort = write(tmp_path, "cohort.jsonl", text + "\n")
    status, out, _ = run(["audit", "--jsonl", cohort])
    assert status == 2
    assert json.loads(out) == {"line": 1, "error": {"field": field, "reason": reason}}


def test_a_parameter_given_twice_is_refused(tmp_path: Path) -> None:
    params = write(tmp_path, "p.json", '{"confirmation_gap_days": 7, "confirmation_gap_days": 28}')
    course = worked(tmp_path, "complete_responder")
    status, _, err = run(["recommend", course, "--on", "2025-07-20", "--parameters", params])
    assert (status, err) == (
        2,
        "error: confirmation_gap_days: is given more than once in one JSON object (got [7, 28])\n",
    )


@pytest.mark.parametrize("block", [7, 65_536], ids=["tiny-blocks", "usual-blocks"])
@pytest.mark.parametrize("ending", ["\r", "\n", "\r\n", "mixed"], ids=["CR", "LF", "CRLF", "mixed"])
def test_every_line_ending_ends_a_cohort_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str, block: int
) -> None:
    monkeypatch.setattr(cli, "READ_BLOCK", block)
    courses = [case.course for case in WORKED_CASES.values()]
    endings = ["\r", "\n", "\r\n"] if ending == "mixed" else [ending]
    text = "".join(
        course_text(course) + endings[index % len(endings)] for index, course in enumerate(courses)
    )
    text += endings[0]  # a blank line, then one more course with no line end
    text += course_text(courses[0])
    path = tmp_path / "cohort.jsonl"
    path.write_bytes(text.encode())
    status, out, err = run(["audit", "--jsonl", str(path)])
    assert (status, err) == (0, "")
    results = [json.loads(line) for line in out.splitlines()]
    assert [result["line"] for result in results] == [
        *range(1, len(courses) + 1),
        len(courses) + 2,
    ]
    assert [{"deviations": r["deviations"]} for r in results] == [
        audit_to_json(audit(course)) for course in [*courses, courses[0]]
    ]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
    ],
)
def test_a_cohort_not_in_utf8_is_refused_clearly(tmp_path: Path, encoding: str, name: str) -> None:
    text = "".join(course_text(case.course) + "\n" for case in WORKED_CASES.values())
    path = tmp_path / "cohort.jsonl"
    path.write_bytes(text.encode(encoding))
    status, out, err = run(["audit", "--jsonl", str(path)])
    assert (status, out) == (2, "")
    assert err == f'error: --jsonl: is {name} text; JSON Lines must be UTF-8 (got "{path}")\n'


def test_a_cohort_in_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    courses = [case.course for case in WORKED_CASES.values()]
    path = tmp_path / "cohort.jsonl"
    path.write_bytes("".join(course_text(c) + "\n" for c in courses).encode("utf-8-sig"))
    status, out, _ = run(["audit", "--jsonl", str(path)])
    assert status == 0
    assert len(out.splitlines()) == len(courses)


def test_a_closed_stderr_leaves_the_exit_status_to_say_what_happened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    path = write(tmp_path, "course.json", json.dumps(bad_course_data()))
    out = io.StringIO()
    assert cli.main(["audit", path], stdout=out) == 2
    assert out.getvalue() == ""


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n"], ids=["empty", "LF", "CRLF-twice"])
def test_a_cohort_of_no_course_writes_nothing_and_exits_0(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "cohort.jsonl", text)
    assert run(["audit", "--jsonl", path]) == (0, "", "")


def test_recommend_text_shows_the_marker_alerts_and_lines(tmp_path: Path) -> None:
    path = worked(tmp_path, "titre_positive_at_the_stop_window")
    status, out, _ = run(["recommend", path, "--on", "2026-09-05", "--format", "text"])
    text = flat(out)
    assert status == 0
    assert "alerts: antibody_positive_at_stop" in text
    assert "next review: 2026-10-03" in text
    assert "anti-PLA2R 26 RU/mL on 2026-08-20, at or above its cut-off 20 RU/mL" in text
    assert "serum albumin 3.9 g/dL on 2025-07-10, at the complete remission" in text
    status, out, _ = run(["plan", path, "--on", "2026-09-05", "--format", "text"])
    assert "Anti-PLA2R titre: Measure at baseline, at months 3 and 6" in flat(out)
    assert "Serum albumin: Measure it with proteinuria around a remission" in flat(out)


def test_a_bad_titre_in_a_course_file_names_its_path(tmp_path: Path) -> None:
    document = to_json(WORKED_CASES["titre_back_before_relapse"].course)
    document["pla2r"][2]["cutoff"] = 0
    path = write(tmp_path, "course.json", json.dumps(document))
    status, _, err = run(["recommend", path, "--on", "2027-01-15"])
    assert status == 2
    assert err.startswith("error: pla2r[2].cutoff: must be above zero (got 0)")
