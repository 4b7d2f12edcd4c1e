"""The command line: ``python -m guideline`` (or ``guideline`` once installed).

A thin shell around the package: it reads JSON documents, calls
:func:`~guideline.recommend`, :func:`~guideline.plan`, :func:`~guideline.audit`
or :func:`~guideline.json_schema`, and writes JSON or a readable table. It
holds no clinical rule of its own.

Exit status: 0 on success, 2 for invalid input or usage (the message names the
field, JSON path or option), 1 for a fault of the program or an output that
cannot be written, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO, TypeVar

from ._audit import audit
from ._calendar import Window
from ._course import Course
from ._errors import CourseError, GuidelineError, fault
from ._invariants import Deviation
from ._json import (
    SCHEMA_KINDS,
    audit_to_json,
    course_from_json,
    decode,
    json_schema,
    parameters_from_json,
    to_json,
)
from ._parameters import DEFAULTS, Parameters
from ._plan import Plan, plan
from ._recommend import Recommendation, recommend
from ._service import ServiceConfig, serve
from ._taper import TaperStep
from ._validation import parse_date
from ._version import __version__
from ._withdrawal import WithdrawalStep

PROGRESS_EVERY = 10_000
"""In ``audit --jsonl``, lines between two progress reports on stderr."""

STDIN = "-"
"""The file name that means standard input."""

SERVE_PORT = 8080
"""The port ``serve`` listens on unless told otherwise."""

READ_BLOCK = 65_536
"""In ``audit --jsonl``, most bytes read at a time."""

T = TypeVar("T")
R = TypeVar("R")

_WIDTH = 100

_MAKE_EXAMPLE = (
    'python -c "import json; from guideline import to_json; '
    "from guideline.examples import complete_responder; "
    'print(json.dumps(to_json(complete_responder())))" > course.json'
)

_EPILOG = f"""\
examples:
  python -m guideline recommend course.json --on 2025-07-20
  python -m guideline plan course.json --on 2025-07-20 --format text
  python -m guideline audit --jsonl cohort.jsonl > results.jsonl
  python -m guideline schema course
  python -m guideline serve --on 2025-07-20

A course file holds one course as JSON; `python -m guideline schema course`
prints its JSON Schema. To write the worked example used above to course.json:
  {_MAKE_EXAMPLE}

exit status: 0 success, 2 invalid input or usage, 1 a fault of the program or an
output that cannot be written, 130 interrupted.
Decision support for specialists, not a substitute for clinical judgement.
"""


class _InputError(GuidelineError):
    """Invalid command-line input: an option, an unreadable file or JSON text."""


class _OutputError(Exception):
    """Standard output could not be written (a full disk, a failing device)."""


@dataclass(frozen=True)
class _Streams:
    stdin: TextIO
    out: TextIO
    err: TextIO


_Handler = Callable[[argparse.Namespace, _Streams], int]


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.
        stdin: Where ``-`` reads from; ``sys.stdin`` when None.
        stdout: Where results go; ``sys.stdout`` when None.
        stderr: Where errors, usage and progress go; ``sys.stderr`` when None.

    Returns:
        The exit status: 0 on success, 2 for invalid input or usage, 1 for a
        fault of the program or an output that cannot be written, 130 when
        interrupted.

    Examples:
        >>> import io
        >>> out = io.StringIO()
        >>> main(["schema", "parameters"], stdout=out)
        0
        >>> json.loads(out.getvalue())["title"]
        'The adjustable readings of the guideline'
    """
    err = sys.stderr if stderr is None else stderr
    if err is None:  # stderr closed: messages have nowhere to go
        err = io.StringIO()
    out = sys.stdout if stdout is None else stdout
    if out is None:  # stdout closed (as with `>&-`): Python leaves sys.stdout as None
        err.write("error: cannot write the output: standard output is closed\n")
        return 1
    streams = _Streams(sys.stdin if stdin is None else stdin, out, err)
    parser = _parser()
    try:
        with contextlib.redirect_stdout(streams.out), contextlib.redirect_stderr(streams.err):
            args = parser.parse_args(argv)
            _check_options(args)
    except SystemExit as done:
        return int(done.code or 0)
    handler: _Handler = args.handler
    try:
        status = handler(args, streams)
        _put(streams.out, "")  # flush: a full disk may only show now
    except BrokenPipeError:
        # The reader went away (as with `| head`): stop quietly, as Unix tools do.
        _silence(streams.out)
        return 1
    except _OutputError as error:
        _silence(streams.out)
        streams.err.write(f"error: cannot write the output: {error}\n")
        return 1
    except KeyboardInterrupt:
        streams.err.write("interrupted: no result was written\n")
        return 130
    except GuidelineError as error:
        streams.err.write(f"error: {error}\n")
        return 2
    except Exception as error:
        streams.err.write(f"error: internal failure: {fault(error)}\n")
        return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guideline",
        description=(
            "How long to give calcineurin inhibitors in membranous nephropathy: advise on a "
            "course, lay out its plan, audit recorded courses, or print the JSON Schemas."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    advise = _command(
        commands,
        "recommend",
        _recommend,
        "the advised action for a course on a date",
        "Advise on a course as it was known on the --on date: the action, alerts, next "
        "review, rationale, cited statements and the inputs used. Entries dated after "
        "--on are ignored.",
        "python -m guideline recommend course.json --on 2025-07-20\n"
        "  python -m guideline recommend - --on 2025-07-20 --format text < course.json",
    )
    _course_options(advise, dated=True)

    lay_out = _command(
        commands,
        "plan",
        _plan,
        "the dated milestones of a course",
        "Lay out the windows and milestones of a course as known on the --on date, with "
        "the monitoring checklist. Dates that wait on events not yet recorded are left out.",
        "python -m guideline plan course.json --on 2025-07-20 --format text",
    )
    _course_options(lay_out, dated=True)

    check = _command(
        commands,
        "audit",
        _audit,
        "the departures of recorded courses from the guideline",
        "Check a recorded course against every clinical invariant, or a cohort with --jsonl: "
        "one course per line in, one JSON result per line out "
        '({"line": n, "deviations": [...]} or {"line": n, "error": {...}}). Invalid lines '
        "are reported and skipped, and make the exit status 2; blank lines are skipped.",
        "python -m guideline audit course.json --format text\n"
        "  python -m guideline audit --jsonl cohort.jsonl --progress > results.jsonl",
    )
    _course_options(check, dated=False)
    check.add_argument(
        "--jsonl",
        metavar="COHORT.jsonl",
        help="audit one course per line of this file ('-' for stdin), in place of COURSE",
    )
    check.add_argument(
        "--progress",
        action="store_true",
        help=f"with --jsonl, report progress on stderr every {PROGRESS_EVERY:,} lines "
        "(the default when stderr is a terminal)",
    )

    schema = _command(
        commands,
        "schema",
        _schema,
        "the JSON Schema of a document kind",
        "Print the JSON Schema (draft 2020-12) of one kind of document: the course and "
        "parameters read, or the recommendation, plan and audit written.",
        "python -m guideline schema course > course.schema.json",
    )
    schema.add_argument("kind", choices=SCHEMA_KINDS, help="the document kind")

    service = _command(
        commands,
        "serve",
        _serve,
        "a decision-support service on this machine, to try the advice from a health record",
        "Run a CDS Hooks service: the discovery document at /cds-services and a patient-view "
        "service that reads the prefetched FHIR resources and answers with the advice card. "
        "A request gives its evaluation date as context.evaluationDate; --on or --today gives "
        "one to requests without. It has no authentication and binds to 127.0.0.1 unless "
        "--host says otherwise. Ctrl-C stops it.",
        "python -m guideline serve --port 8080 --on 2025-07-20",
    )
    service.add_argument("--host", default="127.0.0.1", help="the address to bind (127.0.0.1)")
    service.add_argument(
        "--port", type=_port, default=SERVE_PORT, help=f"the port ({SERVE_PORT}; 0: any free one)"
    )
    clock = service.add_mutually_exclusive_group()
    clock.add_argument("--on", metavar="YYYY-MM-DD", help="the date of requests that give none")
    clock.add_argument(
        "--today",
        action="store_true",
        help="date requests that give none by this machine's clock, at each request",
    )
    service.add_argument(
        "--parameters",
        metavar="PARAMS.json",
        help="a JSON file of guideline parameters; missing fields take their defaults",
    )
    return parser


def _port(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > 65_535:
        raise argparse.ArgumentTypeError(f"not a port number (0 to 65535): {text!r}")
    return int(text)


def _command(
    commands: Any, name: str, handler: _Handler, summary: str, description: str, example: str
) -> argparse.ArgumentParser:
    command: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.set_defaults(handler=handler, command_parser=command)
    return command


def _course_options(command: argparse.ArgumentParser, *, dated: bool) -> None:
    command.add_argument(
        "course",
        metavar="COURSE",
        nargs=None if dated else "?",
        help="the course as a JSON file ('-' for stdin)",
    )
    if dated:
        command.add_argument(
            "--on",
            required=True,
            metavar="YYYY-MM-DD",
            help="the evaluation date; entries dated after it are ignored",
        )
    command.add_argument(
        "--parameters",
        metavar="PARAMS.json",
        help="a JSON file of guideline parameters; missing fields take their defaults",
    )
    command.add_argument(
        "--format",
        choices=("json", "text"),
        help="JSON (the default) or a readable table",
    )


def _check_options(args: argparse.Namespace) -> None:
    """Reject combinations of options argparse cannot express (exits with status 2)."""
    command: argparse.ArgumentParser = args.command_parser
    if args.command in ("schema", "serve"):
        return
    inputs = [args.course, getattr(args, "jsonl", None), args.parameters]
    if inputs.count(STDIN) > 1:
        command.error("only one input can be read from stdin ('-')")
    if args.command != "audit":
        return
    if (args.course is None) == (args.jsonl is None):
        command.error("give either COURSE or --jsonl COHORT.jsonl")
    if args.jsonl is None and args.progress:
        command.error("--progress applies to --jsonl only")
    if args.jsonl is not None and args.format == "text":
        command.error("--jsonl writes JSON lines; --format text does not apply")


def _recommend(args: argparse.Namespace, streams: _Streams) -> int:
    return _evaluate(args, streams, recommend, _recommendation_text)


def _plan(args: argparse.Namespace, streams: _Streams) -> int:
    return _evaluate(args, streams, plan, _plan_text)


def _evaluate(
    args: argparse.Namespace,
    streams: _Streams,
    function: Callable[[Course, date, Parameters], R],
    text: Callable[[R], str],
) -> int:
    on = parse_date(_InputError, "--on", args.on)
    parameters = _parameters(args.parameters, streams.stdin)
    course = course_from_json(_read_json(args.course, "COURSE", streams.stdin))
    try:
        result = function(course, on, parameters)
    except CourseError as error:
        if error.field == "on":
            raise _InputError("--on", args.on, error.reason) from None
        raise
    _write(streams.out, args.format, to_json(result), text(result))
    return 0


def _audit(args: argparse.Namespace, streams: _Streams) -> int:
    parameters = _parameters(args.parameters, streams.stdin)
    if args.jsonl is not None:
        return _audit_cohort(args.jsonl, parameters, args.progress, streams)
    course = course_from_json(_read_json(args.course, "COURSE", streams.stdin))
    deviations = audit(course, parameters)
    _write(streams.out, args.format, audit_to_json(deviations), _audit_text(deviations))
    return 0


def _audit_cohort(source: str, parameters: Parameters, progress: bool, streams: _Streams) -> int:
    """Audit one course per line, writing one result per line as it goes.

    Whatever goes wrong with one line (invalid input, or a fault of this
    program) becomes that line's error record, and the run goes on.
    """
    report = progress or streams.err.isatty()
    audited = invalid = faults = number = 0
    first_fault: tuple[int, str] | None = None  # its line, and what failed
    try:
        with _lines(source, streams.stdin) as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    result: dict[str, Any] = {"line": number}
                    try:
                        course = course_from_json(
                            decode(line.rstrip(), "$", _InputError, one_line=True)
                        )
                        result.update(audit_to_json(audit(course, parameters)))
                        audited += 1
                    except GuidelineError as error:
                        result["error"] = {"field": error.field, "reason": error.reason}
                        invalid += 1
                    except Exception as error:
                        said = fault(error)
                        result["error"] = {"field": "$", "reason": f"internal failure: {said}"}
                        first_fault = first_fault or (number, said)
                        faults += 1
                    written = json.dumps(result, separators=(",", ":")) + "\n"
                    _put(streams.out, written, flush=False)
                if report and number % PROGRESS_EVERY == 0:
                    streams.err.write(f"audited {audited:,} courses, {invalid:,} invalid lines\n")
    except KeyboardInterrupt:
        counts = f"audited {audited:,} courses, {invalid:,} invalid lines"
        streams.err.write(f"interrupted at line {number:,}: {counts}\n")
        return 130
    if report:
        streams.err.write(f"done: audited {audited:,} courses, {invalid:,} invalid lines\n")
    if first_fault:
        where, said = first_fault
        lines_failed = f"{faults:,} line{'s' * (faults > 1)}"
        streams.err.write(
            f"error: internal failure on {lines_failed} (the first, line {where:,}): {said}\n"
        )
        return 1
    return 2 if invalid else 0


def _schema(args: argparse.Namespace, streams: _Streams) -> int:
    _write(streams.out, "json", json_schema(args.kind), "")
    return 0


def _serve(args: argparse.Namespace, streams: _Streams) -> int:
    parameters = _parameters(args.parameters, streams.stdin)
    clock: Callable[[], tuple[date, str]] | None = None
    if args.on is not None:
        fixed = parse_date(_InputError, "--on", args.on)
        clock = lambda: (fixed, "the date the server was started with (--on)")  # noqa: E731
    elif args.today:
        clock = _system_clock
    config = ServiceConfig(clock=clock, parameters=parameters, log=streams.err)
    try:
        serve(args.host, args.port, config, out=streams.err)
    except OSError as error:
        reason = f"cannot be bound on {args.host}: {error.strerror or error}"
        raise _InputError("--port", args.port, reason) from None
    return 0


def _system_clock() -> tuple[date, str]:
    """Today's date by this machine's clock: the one clock of the package, in this shell."""
    return date.today(), "today's date by the server's clock (--today)"


def _parameters(source: str | None, stdin: TextIO) -> Parameters:
    if source is None:
        return DEFAULTS
    return parameters_from_json(_read_json(source, "--parameters", stdin))


def _read_json(source: str, option: str, stdin: TextIO) -> Any:
    """The JSON document in a file, or on stdin for ``-``; ``option`` names it in errors."""
    if source == STDIN:
        return decode(_binary(stdin).read(), "<stdin>", _InputError)
    try:
        with open(source, "rb") as file:
            data = file.read()
    except OSError as error:
        raise _InputError(option, source, f"cannot be read: {error.strerror}") from None
    return decode(data, source, _InputError)


@contextlib.contextmanager
def _lines(source: str, stdin: TextIO) -> Iterator[Iterator[bytes]]:
    """The lines of a file, or of stdin for ``-``, each as soon as it has come.

    A line ends at LF, CR or CR LF. A file that starts as UTF-16 or UTF-32 text is
    refused before its first line: read line by line, it would be half understood.
    """
    if source == STDIN:
        yield _split(_blocks(_binary(stdin), source))
        return
    try:
        file = open(source, "rb")  # noqa: SIM115 (closed below, after the yield)
    except OSError as error:
        raise _InputError("--jsonl", source, f"cannot be read: {error.strerror}") from None
    with file:
        yield _split(_blocks(file, source))


def _blocks(stream: Any, source: str) -> Iterator[bytes]:
    """The bytes of a stream as they come (``read1`` does not wait for a full block)."""
    read = getattr(stream, "read1", stream.read)
    start = b""
    while len(start) < 4 and (block := _as_bytes(read(READ_BLOCK))):
        start += block  # enough to tell the encoding
    encoding = json.detect_encoding(start)
    if not encoding.startswith("utf-8"):
        name = encoding.upper()[:6]
        raise _InputError("--jsonl", source, f"is {name} text; JSON Lines must be UTF-8")
    if start:
        yield start
    while block := _as_bytes(read(READ_BLOCK)):
        yield block


def _as_bytes(block: str | bytes) -> bytes:
    """A block as bytes (a text stream may stand in for stdin)."""
    return block.encode() if isinstance(block, str) else block


def _split(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines, with their ends, of text arriving in blocks; a line may span blocks."""
    parts: list[bytes] = []  # the line begun in earlier blocks
    for block in blocks:
        if parts and parts[-1].endswith(b"\r") and not block.startswith(b"\n"):
            yield b"".join(parts)  # a CR ended the line: no LF came after it
            parts = []
        *complete, last = block.splitlines(keepends=True)
        for piece in complete:
            yield b"".join([*parts, piece])
            parts = []
        parts.append(last)
        if last.endswith(b"\n"):
            yield b"".join(parts)
            parts = []
    if parts:
        yield b"".join(parts)


def _binary(stdin: TextIO) -> Any:
    """The byte stream under a text stream (so json decodes UTF-8 itself), else the stream."""
    return getattr(stdin, "buffer", stdin)


def _put(out: TextIO, text: str, *, flush: bool = True) -> None:
    """Write to stdout; a stream that fails (a full disk) raises :class:`_OutputError`."""
    try:
        out.write(text)
        if flush:
            out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _OutputError(error.strerror or str(error)) from None


def _silence(out: TextIO) -> None:
    """Point stdout's file descriptor at the null device.

    What is left in the stream's buffer then goes nowhere when the interpreter
    flushes it at exit, instead of failing a second time with a traceback.
    """
    with contextlib.suppress(OSError, ValueError):
        fileno = out.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fileno)
        os.close(devnull)


def _write(out: TextIO, form: str | None, data: Any, text: str) -> None:
    _put(out, text if form == "text" else json.dumps(data, indent=2) + "\n", flush=False)


def _recommendation_text(advice: Recommendation) -> str:
    dose = _maybe(advice.dose_mg_per_day, lambda mg: f" (to {mg:g} mg/day)", "")
    return _table(
        [
            ("action", f"{advice.action}{dose}"),
            ("phase", advice.phase),
            ("on", str(advice.on)),
            ("alerts", ", ".join(advice.alerts) or "none"),
            ("next review", str(advice.next_review)),
            ("rationale", advice.rationale),
            ("statements", ", ".join(advice.statements)),
            ("interpretations", ", ".join(advice.interpretations) or "none"),
        ]
    ) + _bullets("explanation", advice.explanation)


def _plan_text(layout: Plan) -> str:
    unknown = "not yet known"
    table = _table(
        [
            ("on", str(layout.on)),
            ("phase", layout.phase),
            ("period start", str(layout.period_start)),
            ("trial", f"from {layout.trial_start}, month-12 bound {layout.trial_bound}"),
            ("response check", _window(layout.response_check)),
            (
                "remission",
                _maybe(layout.remission, lambda r: f"{r.level}, confirmed {r.confirmed}", "none"),
            ),
            ("earliest taper start", _maybe(layout.earliest_taper_start, str, unknown)),
            ("next taper step", _maybe(layout.next_taper_step, _step, unknown)),
            ("reduced dose reached", _maybe(layout.reduced_dose_reached, str, unknown)),
            ("maintenance end", _maybe(layout.maintenance_end, str, unknown)),
            ("stop window", _maybe(layout.stop_window, _window, unknown)),
            (
                "stop window from start",
                f"{_window(layout.stop_window_from_start)} (counted from t0, for comparison)",
            ),
            ("withdrawal", "; ".join(map(_withdrawal_step, layout.withdrawal)) or "none"),
            ("next review", str(layout.next_review)),
        ]
    )
    milestones = [
        f"{milestone.on}  {milestone.label} [{', '.join(milestone.statements)}]"
        for milestone in layout.milestones
    ]
    monitoring = [
        f"{item.topic}: {item.detail} [{', '.join(item.statements)}]" for item in layout.monitoring
    ]
    return table + _bullets("milestones", milestones) + _bullets("monitoring", monitoring)


def _audit_text(deviations: tuple[Deviation, ...]) -> str:
    lines = [
        f"{deviation.on}  {deviation.invariant}: {deviation.message} "
        f"[{', '.join(deviation.statements)}]"
        for deviation in deviations
    ]
    return "".join(_wrap(line, "", "    ") for line in lines) or "no deviations\n"


def _maybe(value: T | None, show: Callable[[T], str], missing: str) -> str:
    return missing if value is None else show(value)


def _window(window: Window) -> str:
    return f"{window.opens} to {window.closes}"


def _step(step: TaperStep) -> str:
    due = _maybe(step.latest, lambda day: f", due by {day}", "")
    return f"to {step.dose_mg_per_day:g} mg/day from {step.earliest}{due}"


def _withdrawal_step(step: WithdrawalStep) -> str:
    return _maybe(step.dose_mg_per_day, lambda mg: f"{mg:g} mg/day", "stop") + f" on {step.on}"


def _table(rows: list[tuple[str, str]]) -> str:
    width = max(len(key) for key, _ in rows) + 2
    return "".join(_wrap(str(value), f"{key}:".ljust(width), " " * width) for key, value in rows)


def _bullets(title: str, items: Iterable[str]) -> str:
    return f"{title}:\n" + "".join(_wrap(item, "  - ", "    ") for item in items)


def _wrap(text: str, first: str, rest: str) -> str:
    return (
        textwrap.fill(
            text, _WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
        )
        + "\n"
    )
