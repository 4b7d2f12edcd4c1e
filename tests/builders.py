"""Small builders for test courses: a baseline course plus what a test needs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

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
    add_months,
)

SERIES = (
    "proteinuria",
    "creatinine",
    "troughs",
    "dose_changes",
    "discontinuations",
    "restarts",
    "assessments",
    "adverse_effects",
)
"""The dated series of a course, in field order."""

T0 = date(2025, 1, 15)
BASELINE_DAY = T0 - timedelta(days=5)
G = ProteinuriaUnit.G_PER_DAY
TAPER = DoseChangeReason.TAPER


def months(n: int, start: date = T0) -> date:
    return add_months(start, n)


def days(n: int, start: date = T0) -> date:
    return start + timedelta(days=n)


def course(
    *,
    agent: Agent = Agent.TACROLIMUS,
    start: date = T0,
    dose: float = 4.0,
    target: tuple[float, float] = (5, 8),
    baseline: float = 6.0,
    proteinuria: Iterable[tuple[date, float]] = (),
    creatinine_baseline: float = 1.0,
    creatinine: Iterable[tuple[date, float]] = (),
    troughs: Iterable[tuple[date, float]] = (),
    doses: Iterable[tuple[date, float]] = (),
    adjustments: Iterable[tuple[date, float]] = (),
    stops: Iterable[tuple[date, StopReason]] = (),
    restarts: Iterable[tuple[date, float]] = (),
    assessments: Iterable[tuple[date, AssessmentKind]] = (),
    adverse: Iterable[tuple[date, AdverseEffect]] = (),
) -> Course:
    """A course whose baselines are dated five days before ``start``.

    ``doses`` are taper steps; ``adjustments`` are other dose changes.
    """
    baseline_day = start - timedelta(days=5)
    return Course(
        agent=agent,
        start=start,
        starting_dose_mg_per_day=dose,
        target_trough=TroughRange(*target),
        proteinuria=(
            Proteinuria(baseline_day, baseline, G),
            *(Proteinuria(on, value, G) for on, value in proteinuria),
        ),
        creatinine=(
            Creatinine(baseline_day, creatinine_baseline, CreatinineUnit.MG_PER_DL),
            *(Creatinine(on, value, CreatinineUnit.MG_PER_DL) for on, value in creatinine),
        ),
        troughs=tuple(Trough(on, value) for on, value in troughs),
        dose_changes=(
            *(DoseChange(on, value, TAPER) for on, value in doses),
            *(DoseChange(on, value, DoseChangeReason.ADJUSTMENT) for on, value in adjustments),
        ),
        discontinuations=tuple(Discontinuation(on, reason) for on, reason in stops),
        restarts=tuple(Restart(on, value) for on, value in restarts),
        assessments=tuple(Assessment(on, kind) for on, kind in assessments),
        adverse_effects=tuple(AdverseEffectReport(on, effect) for on, effect in adverse),
    )


def in_range_troughs(start: date = T0, until: int = 30) -> list[tuple[date, float]]:
    """A trough at target every month from month 1 to month ``until``."""
    return [(months(n, start), 6.0) for n in range(1, until + 1)]


def complete_remission_at(month: int, start: date = T0) -> list[tuple[date, float]]:
    """Two complete-remission values: the confirming one on ``start + month`` months."""
    confirm = months(month, start)
    return [(confirm - timedelta(days=7), 0.2), (confirm, 0.2)]


def partial_remission_at(month: int, start: date = T0) -> list[tuple[date, float]]:
    """Two partial-remission values (2.0 from a 6.0 baseline), confirmed on the second."""
    confirm = months(month, start)
    return [(confirm - timedelta(days=7), 2.0), (confirm, 2.0)]


# Courses of adversarial size (scripts/bench and tests/test_scaling.py): n of one kind of
# entry, a day or two apart, from 1900 on, so that even 100,000 entries end before 2199.
FAR_START = date(1900, 1, 10)


def many_stops(pairs: int) -> Course:
    """A course stopped and restarted ``pairs`` times, on alternate days."""
    return course(
        start=FAR_START,
        stops=[(days(2 * k + 1, FAR_START), StopReason.OTHER) for k in range(pairs)],
        restarts=[(days(2 * k + 2, FAR_START), 4.0) for k in range(pairs)],
    )


def many_dose_changes(changes: int) -> Course:
    """A course in complete remission from month 6 whose dose then changes every day,
    ``changes`` times: a taper step below the reduced dose, then back up to the start dose."""
    return course(
        start=FAR_START,
        proteinuria=complete_remission_at(6, FAR_START),
        doses=[(months(7, FAR_START) + timedelta(days=k), 1.5) for k in range(0, changes, 2)],
        adjustments=[(months(7, FAR_START) + timedelta(days=k), 4.0) for k in range(1, changes, 2)],
    )


def many_proteinuria(values: int) -> Course:
    """A course with ``values`` daily proteinuria values, in and out of remission every 10 days."""
    return course(
        start=FAR_START,
        proteinuria=[(days(k + 1, FAR_START), 0.2 if k // 10 % 2 else 6.0) for k in range(values)],
    )
