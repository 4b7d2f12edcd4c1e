"""Benchmarks for the guideline package; see scripts/bench. Prints figures, asserts nothing."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from guideline import (
    Agent,
    Course,
    Creatinine,
    CreatinineUnit,
    DoseChange,
    DoseChangeReason,
    Proteinuria,
    ProteinuriaUnit,
    Trough,
    TroughRange,
    add_months,
    audit,
    plan,
    recommend,
    to_json,
)

G, MG = ProteinuriaUnit.G_PER_DAY, CreatinineUnit.MG_PER_DL


def synthetic_course(rng: random.Random, months: int = 36) -> Course:
    """A course: monthly proteinuria, troughs every 2 months, creatinine every 6 (~60 entries)."""
    start = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
    baseline = rng.uniform(4.0, 12.0)
    depth = rng.choice([0.02, 0.3, 0.9])
    speed = rng.randint(2, 10)
    visits = [add_months(start, n) for n in range(1, months + 1)]
    level = [baseline * (1 - (1 - depth) * min(1.0, n / speed)) for n in range(1, months + 1)]
    steps = []
    if depth < 0.1:
        steps = [
            DoseChange(add_months(start, 7), 3.0, DoseChangeReason.TAPER),
            DoseChange(add_months(start, 8), 2.0, DoseChangeReason.TAPER),
        ]
    return Course(
        agent=rng.choice(list(Agent)),
        start=start,
        starting_dose_mg_per_day=4.0,
        target_trough=TroughRange(5.0, 8.0),
        proteinuria=(
            Proteinuria(start - timedelta(days=3), baseline, G),
            *(
                Proteinuria(day, round(value, 3), G)
                for day, value in zip(visits, level, strict=False)
            ),
        ),
        creatinine=(
            Creatinine(start - timedelta(days=3), 1.0, MG),
            *(Creatinine(day, 1.05, MG) for day in visits[5::6]),
        ),
        troughs=tuple(Trough(day, 6.0) for day in visits[1::2]),
        dose_changes=tuple(steps),
    )


def cohort(size: int, seed: int = 0) -> Iterator[Course]:
    rng = random.Random(seed)
    for _ in range(size):
        yield synthetic_course(rng)


def import_time(runs: int = 21) -> tuple[float, float]:
    def median_ms(code: str) -> float:
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append((time.perf_counter() - began) * 1000)
        return statistics.median(times)

    bare, loaded = median_ms("pass"), median_ms("import guideline")
    return loaded - bare, loaded / bare


_BREAKDOWN = """
import dataclasses, time
spent = [0.0, 0]
create = dataclasses._process_class  # CPython's worker behind @dataclass
def timed(*args, **kwargs):
    began = time.process_time()
    try:
        return create(*args, **kwargs)
    finally:
        spent[0] += time.process_time() - began
        spent[1] += 1
dataclasses._process_class = timed
began = time.process_time()
import guideline
print(time.process_time() - began, spent[0], spent[1])
"""


def import_breakdown(runs: int = 11) -> tuple[float, float, int]:
    """CPU time of ``import guideline`` once ``dataclasses`` is loaded, and the part of it
    spent creating dataclasses (ms, medians), with their number."""
    totals, creating, count = [], [], 0
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _BREAKDOWN], check=True, capture_output=True, text=True
        ).stdout.split()
        totals.append(float(out[0]) * 1000)
        creating.append(float(out[1]) * 1000)
        count = int(out[2])
    return statistics.median(totals), statistics.median(creating), count


def recommend_latency(calls: int = 3000) -> tuple[float, float, int]:
    course = synthetic_course(random.Random(1))
    on = add_months(course.start, 36)
    recommend(course, on)
    timings = []
    for _ in range(calls):
        began = time.perf_counter_ns()
        recommend(course, on)
        timings.append((time.perf_counter_ns() - began) / 1000)
    timings.sort()
    entries = sum(len(series) for series in (course.proteinuria, course.creatinine, course.troughs))
    return statistics.median(timings), timings[int(0.95 * len(timings))], entries


def api_throughput(size: int) -> tuple[float, float]:
    began = time.perf_counter()
    for course in cohort(size):
        audit(course)
    elapsed = time.perf_counter() - began
    began = time.perf_counter()
    for _ in cohort(size):
        pass
    generation = time.perf_counter() - began
    return size / elapsed, size / (elapsed - generation)


def peak_memory_mb(size: int) -> float:
    code = (
        "import sys, resource; sys.path.insert(0, 'scripts'); import bench\n"
        f"for course in bench.cohort({size}): bench.audit(course)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout) / 1024


def cli_throughput(size: int) -> tuple[float, float] | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.jsonl"
        with path.open("w") as out:
            for course in cohort(size):
                out.write(json.dumps(to_json(course)) + "\n")
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "guideline", "audit", "--jsonl", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # wait4 gives this child's own peak; RUSAGE_CHILDREN would be the largest of all.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - began
        if child.returncode != 0:
            print(f"  CLI failed with exit code {child.returncode}")
            return None
        return size / elapsed, usage.ru_maxrss / 1024


ROOT = Path(__file__).resolve().parents[1]

ADVERSARIAL = {
    "many_stops": (50_000, "stop/restart pairs"),
    "many_dose_changes": (10_000, "dose changes"),
    "many_proteinuria": (100_000, "proteinuria values"),
}
"""The builder in tests/builders.py of each adversarial course, its size and what it holds."""

_ONE_CALL = """
import sys, time
sys.path.insert(0, {root!r})
from guideline import audit, plan, recommend
from tests import builders
course = builders.{builder}({size})
on = course.last_recorded
began = time.perf_counter()
{call}
print(time.perf_counter() - began)
"""

_CALLS = {
    "recommend": "recommend(course, on)",
    "plan": "plan(course, on)",
    "audit": "audit(course)",
}


def adversarial_time(builder: str, size: int, function: str, cap: float) -> str:
    """Seconds one call takes on a course built by ``builder``, in a fresh process.

    The course is built before the clock starts; a call still running after
    ``cap`` seconds is stopped and reported as over the cap.
    """
    code = _ONE_CALL.format(root=str(ROOT), builder=builder, size=size, call=_CALLS[function])
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=cap
        ).stdout
    except subprocess.TimeoutExpired:
        return f"over {cap:.0f} s"
    except subprocess.CalledProcessError:
        return "failed"
    return f"{float(out):.3g} s"


def small_course_times(calls: int = 200) -> dict[str, str]:
    """Median seconds of each call on the 3-year benchmark course."""
    course = synthetic_course(random.Random(1))
    on = add_months(course.start, 36)
    functions = {
        "recommend": lambda: recommend(course, on),
        "plan": lambda: plan(course, on),
        "audit": lambda: audit(course),
    }
    times = {}
    for name, function in functions.items():
        timings = []
        for _ in range(calls):
            began = time.perf_counter()
            function()
            timings.append(time.perf_counter() - began)
        times[name] = f"{statistics.median(timings):.3g} s"
    return times


def adversarial_sizes(cap: float) -> None:
    course = synthetic_course(random.Random(1))
    entries = sum(len(getattr(course, name)) for name in ("proteinuria", "creatinine", "troughs"))
    print(f"adversarial sizes: one call each, target each under 1 s (stopped after {cap:.0f} s)")
    print(f"  {'course':<32}{'recommend':>12}{'plan':>12}{'audit':>12}")
    small = small_course_times()
    print(
        f"  {f'{entries} observations (3 years)':<32}" + "".join(f"{small[n]:>12}" for n in _CALLS)
    )
    for builder, (size, what) in ADVERSARIAL.items():
        print(f"  {f'{size:,} {what}':<32}", end="", flush=True)
        for function in _CALLS:
            print(f"{adversarial_time(builder, size, function, cap):>12}", end="", flush=True)
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cohort", type=int, default=100_000, help="courses to audit")
    parser.add_argument(
        "--cap",
        type=float,
        default=180.0,
        help="seconds after which an adversarial-size call is stopped (default 180)",
    )
    parser.add_argument(
        "--adversarial-only",
        action="store_true",
        help="print only the adversarial-size figures",
    )
    options = parser.parse_args()
    size = options.cohort
    if options.adversarial_only:
        adversarial_sizes(options.cap)
        return
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()} (figures are medians; other load on the machine skews them)"
    )
    added, ratio = import_time()
    print(
        f"import guideline: +{added:.1f} ms over a bare interpreter (x{ratio:.2f}); target <= 20 ms"
    )
    total, creating, count = import_breakdown()
    print(
        f"  of which, in CPU time: {creating:.1f} of {total:.1f} ms creating the {count} "
        f"frozen dataclasses (the import of dataclasses itself comes before)"
    )
    median, p95, entries = recommend_latency()
    print(
        f"recommend on a 3-year course ({entries} observations): median {median:.0f} us, "
        f"p95 {p95:.0f} us; target median <= 50 us"
    )
    with_generation, audit_only = api_throughput(size)
    print(
        f"audit via the API, {size} courses: {with_generation:,.0f} courses/s including "
        f"building them, {audit_only:,.0f}/s auditing alone; target >= 10,000/s"
    )
    small, large = peak_memory_mb(size // 10), peak_memory_mb(size)
    print(
        f"peak memory auditing {size // 10} / {size} courses: {small:.0f} / {large:.0f} MB "
        f"(flat means streaming)"
    )
    cli = cli_throughput(size)
    if cli:
        print(
            f"audit via the CLI (--jsonl), {size} courses: {cli[0]:,.0f} courses/s, "
            f"peak {cli[1]:.0f} MB"
        )
    adversarial_sizes(options.cap)


if __name__ == "__main__":
    main()
