"""What the package answers on a fixed set of courses: the worked cases and seeded ones.

Used by ``tests/test_characterisation.py`` to hold ``recommend``, ``plan`` and
``audit`` to their recorded answers while code moves, and by
``scripts/characterise`` to write the answers out in full for a diff between two
commits. The courses come from a seeded ``random.Random``, not from Hypothesis,
so they stay the same when the strategies change.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from guideline import (
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Assessment,
    AssessmentKind,
    Course,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    Proteinuria,
    ProteinuriaUnit,
    Restart,
    StopReason,
    Trough,
    TroughRange,
    audit,
    plan,
    recommend,
    to_json,
)
from guideline.examples import WORKED_CASES

SEEDED = 2000
"""How many seeded courses are characterised besides the worked cases."""

SCENARIOS = (
    "complete",
    "late_complete",
    "partial",
    "none",
    "high_grade",
    "low_troughs",
    "creatinine",
    "relapse_prone",
)


def seeded_course(seed: int) -> Course:
    """One course drawn from ``seed``: a scenario, visits, and random clinical events."""
    rng = random.Random(seed)
    scenario = SCENARIOS[seed % len(SCENARIOS)]
    start = date(2001, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    dose = rng.choice([2.0, 3.0, 4.0, 5.0, 100.0, 150.0, 200.0])
    low = rng.choice([3.0, 5.0, 100.0, 120.0])
    target = TroughRange(low, low * rng.choice([1.5, 2.0]))
    baseline = rng.uniform(8.0, 16.0) if scenario == "high_grade" else rng.uniform(4.0, 12.0)
    depth = {"complete": 0.02, "late_complete": 0.02, "partial": 0.3, "relapse_prone": 0.03}
    level_at = depth.get(scenario, 0.85)
    speed = rng.randint(200, 420) if scenario == "late_complete" else rng.randint(40, 150)
    relapse_after = rng.randint(200, 800)
    unit = rng.choice(list(ProteinuriaUnit))
    before = start - timedelta(days=rng.randint(0, 20))
    proteinuria = [Proteinuria(before, round(baseline, 3), unit)]
    creatinine = [Creatinine(before, round(rng.uniform(0.6, 2.0), 2), CreatinineUnit.MG_PER_DL)]
    troughs: list[Trough] = []
    changes: list[DoseChange] = []
    stops: list[Discontinuation] = []
    restarts: list[Restart] = []
    assessments: list[Assessment] = []
    adverse: list[AdverseEffectReport] = []
    on_therapy, current, day = True, dose, start
    for _ in range(rng.randint(4, 30)):
        day += timedelta(days=rng.randint(5, 70))
        elapsed = (day - start).days
        level = baseline * (1 - (1 - level_at) * min(1.0, elapsed / speed))
        if scenario == "high_grade":
            level = baseline * max(0.25, 1 - elapsed / 700)
        reduced = not on_therapy or current < dose
        if scenario == "relapse_prone" and elapsed > relapse_after and reduced:
            level = max(level, 4.0 + rng.uniform(0, 2))
        noise = rng.uniform(0.9, 1.1)
        if rng.random() < 0.9:
            proteinuria.append(Proteinuria(day, round(level * noise, 3), unit))
        if rng.random() < 0.5:
            rise = rng.uniform(1.1, 1.6) if scenario == "creatinine" and rng.random() < 0.5 else 1
            creatinine.append(
                Creatinine(day, round(creatinine[0].value * rise * noise, 3), creatinine[0].unit)
            )
        if on_therapy and rng.random() < 0.7:
            low_phase = scenario == "low_troughs" and elapsed < 250
            value = target.low * 0.6 if low_phase else rng.uniform(target.low, target.high)
            troughs.append(Trough(day, round(value, 3)))
        event = rng.random()
        if on_therapy and event < 0.15 and current > dose * 0.3:
            current = round(current * rng.choice([0.5, 0.75, 0.9]), 3)
            changes.append(DoseChange(day, current, DoseChangeReason.TAPER))
        elif on_therapy and event < 0.2:
            current = round(current * rng.uniform(0.8, 1.2), 3)
            changes.append(DoseChange(day, current, DoseChangeReason.ADJUSTMENT))
        elif on_therapy and event < 0.25:
            stops.append(Discontinuation(day, rng.choice(list(StopReason))))
            on_therapy = False
        elif not on_therapy and event < 0.45:
            restarts.append(Restart(day, dose))
            on_therapy, current = True, dose
        if rng.random() < 0.04:
            assessments.append(Assessment(day, rng.choice(list(AssessmentKind))))
        if on_therapy and rng.random() < 0.03:
            adverse.append(AdverseEffectReport(day, rng.choice(list(AdverseEffect))))
    return Course(
        agent=rng.choice(list(Agent)),
        start=start,
        starting_dose_mg_per_day=dose,
        target_trough=target,
        proteinuria=tuple(proteinuria),
        creatinine=tuple(creatinine),
        troughs=tuple(troughs),
        dose_changes=tuple(changes),
        discontinuations=tuple(stops),
        restarts=tuple(restarts),
        assessments=tuple(assessments),
        adverse_effects=tuple(adverse),
    )


def evaluation_dates(course: Course, seed: int) -> tuple[date, ...]:
    """Six dates from the start to a few months past the last entry."""
    rng = random.Random(-seed - 1)
    span = (course.last_recorded - course.start).days + 120
    return tuple(sorted({course.start + timedelta(days=rng.randrange(span)) for _ in range(6)}))


def cases() -> Iterator[tuple[str, Course, tuple[date, ...]]]:
    """Every characterised course with its name and evaluation dates."""
    for name, case in WORKED_CASES.items():
        span = (case.course.last_recorded - case.course.start).days + 400
        every_month = tuple(
            case.course.start + timedelta(days=offset) for offset in range(0, span, 30)
        )
        yield name, case.course, tuple(sorted({*case.dates, *every_month}))
    for seed in range(SEEDED):
        course = seeded_course(seed)
        yield f"seed-{seed}", course, evaluation_dates(course, seed)


def answers(course: Course, dates: tuple[date, ...]) -> dict[str, Any]:
    """The package's answers on a course: advice and plan per date, then the audit."""
    return {
        "recommend": [to_json(recommend(course, on)) for on in dates],
        "plan": [to_json(plan(course, on)) for on in dates],
        "audit": to_json(audit(course)),
    }


def digest(data: Any) -> str:
    """A short fingerprint of JSON data, written canonically."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
