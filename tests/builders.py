"""Small builders for test courses: a baseline course plus what a test needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from guideline import (
    AdverseEffect,
    AdverseEffectReport,
    Agent,
    Albumin,
    AlbuminUnit,
    Assessment,
    AssessmentKind,
    Course,
    Creatinine,
    CreatinineUnit,
    Discontinuation,
    DoseChange,
    DoseChangeReason,
    Pla2rTitre,
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
    "pla2r",
    "albumin",
)
"""The dated series of a course, in field order."""

T0 = date(2025, 1, 15)
BASELINE_DAY = T0 - timedelta(days=5)
ONE_DAY = timedelta(days=1)
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
    creatinine: Iterable[tuple[date, float]] | None = None,
    troughs: Iterable[tuple[date, float]] = (),
    doses: Iterable[tuple[date, float]] = (),
    adjustments: Iterable[tuple[date, float]] = (),
    cuts: Iterable[tuple[date, float]] = (),
    withdrawals: Iterable[tuple[date, float]] = (),
    restores: Iterable[tuple[date, float]] = (),
    stops: Iterable[tuple[date, StopReason]] = (),
    restarts: Iterable[tuple[date, float]] = (),
    assessments: Iterable[tuple[date, AssessmentKind]] = (),
    adverse: Iterable[tuple[date, AdverseEffect]] = (),
    pla2r: Iterable[tuple[date, float, float]] = (),
    albumin: Iterable[tuple[date, float, AlbuminUnit]] = (),
) -> Course:
    """A course whose baselines are dated five days before ``start``.

    ``doses`` are taper steps; ``adjustments`` are other dose changes; ``cuts``,
    ``withdrawals`` and ``restores`` are cuts for creatinine, withdrawal steps and
    restored doses. ``pla2r`` holds (date, titre, cut-off) and ``albumin`` (date, value,
    unit). Without
    ``creatinine``, creatinine is stable at its baseline, measured every month
    for three years, so no value is out of date (D18).
    """
    baseline_day = start - timedelta(days=5)
    if creatinine is None:
        creatinine = [(months(n, start), creatinine_baseline) for n in range(1, 37)]
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
            *(DoseChange(on, value, DoseChangeReason.CREATININE_RISE) for on, value in cuts),
            *(DoseChange(on, value, DoseChangeReason.WITHDRAWAL) for on, value in withdrawals),
            *(DoseChange(on, value, DoseChangeReason.RESTORE) for on, value in restores),
        ),
        discontinuations=tuple(Discontinuation(on, reason) for on, reason in stops),
        restarts=tuple(Restart(on, value) for on, value in restarts),
        assessments=tuple(Assessment(on, kind) for on, kind in assessments),
        adverse_effects=tuple(AdverseEffectReport(on, effect) for on, effect in adverse),
        pla2r=tuple(Pla2rTitre(on, value, cutoff) for on, value, cutoff in pla2r),
        albumin=tuple(Albumin(on, value, unit) for on, value, unit in albumin),
    )


def shifted(moved: Course, days_: int) -> Course:
    """The same course ``days_`` later: every date moved, nothing else."""
    delta = timedelta(days=days_)
    series = {
        name: tuple(replace(entry, on=entry.on + delta) for entry in getattr(moved, name))
        for name in SERIES
    }
    return replace(moved, start=moved.start + delta, **series)


LOW_TROUGHS = [(months(n), 3.0) for n in range(1, 37)]
"""Troughs below the default target (5-8 ng/mL) every month for three years."""


def in_range_troughs(start: date = T0, until: int = 30) -> list[tuple[date, float]]:
    """A trough at target every month from month 1 to month ``until``."""
    return [(months(n, start), 6.0) for n in range(1, until + 1)]


def complete_remission_at(month: int, start: date = T0) -> list[tuple[date, float]]:
    """Two complete-remission values: the confirming one on ``start + month`` months."""
    confirm = months(month, start)
    return [(confirm - timedelta(days=7), 0.2), (confirm, 0.2)]


def remission_holding(month: int, until: int = 36) -> list[tuple[date, float]]:
    """A complete remission confirmed at ``month``, then 0.2 g/day twice a month to ``until``.

    Every taper step then has a value after it within 4 weeks (D18, P9).
    """
    later = [day for n in range(month + 1, until) for day in (months(n), days(14, months(n)))]
    return [*complete_remission_at(month), *((day, 0.2) for day in later)]


def partial_remission_at(month: int, start: date = T0) -> list[tuple[date, float]]:
    """Two partial-remission values (2.0 from a 6.0 baseline), confirmed on the second."""
    confirm = months(month, start)
    return [(confirm - timedelta(days=7), 2.0), (confirm, 2.0)]


def responder(**extra: object) -> Course:
    """Complete remission confirmed at month 5 and holding, measured every month; troughs at
    target throughout."""
    args: dict[str, object] = {
        "proteinuria": remission_holding(5),
        "troughs": in_range_troughs(),
    }
    args.update(extra)
    return course(**args)  # type: ignore[arg-type]


def partial_holding(**extra: object) -> Course:
    """Partial remission (2.0 g/day from 6.0) confirmed at month 4, holding monthly to month 30;
    troughs at target monthly."""
    args: dict[str, object] = {
        "proteinuria": [*partial_remission_at(4), *((months(n), 2.0) for n in range(5, 31))],
        "troughs": in_range_troughs(),
    }
    args.update(extra)
    return course(**args)  # type: ignore[arg-type]


def tapered(**extra: object) -> Course:
    """The responder, tapered at months 6 and 7 (4 -> 3 -> 2 mg/day)."""
    args: dict[str, object] = {"doses": [(months(6), 3.0), (months(7), 2.0)]}
    args.update(extra)
    return responder(**args)


def non_responder(value: float = 5.0, baseline: float = 6.0, **extra: object) -> Course:
    """Proteinuria ``value`` at months 4 and 5 from ``baseline`` (a confirmed run from month
    4); troughs at target."""
    args: dict[str, object] = {
        "baseline": baseline,
        "proteinuria": [(months(4), value), (months(5), value)],
        "troughs": in_range_troughs(),
    }
    args.update(extra)
    return course(**args)  # type: ignore[arg-type]


def high_grade(baseline: float, values: list[float]) -> Course:
    """A non-responder from ``baseline`` with ``values`` monthly from month 4."""
    dated = [(months(4 + index), value) for index, value in enumerate(values)]
    return non_responder(baseline=baseline, proteinuria=dated)


def relapse_after_stop(gap_days: int, reason: StopReason = StopReason.PLANNED) -> Course:
    """The tapered responder stopped (as planned) at month 20, then two values of 4.0 g/day
    ``gap_days`` apart from month 23."""
    return tapered(
        stops=[(months(20), reason)],
        proteinuria=[
            *complete_remission_at(5),
            (months(23), 4.0),
            (days(gap_days, months(23)), 4.0),
        ],
    )


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


def without_markers(course: Course) -> Course:
    """The course as a FHIR bundle carries it: anti-PLA2R titres and serum albumin are not
    mapped to FHIR codes yet (none verified), so they are neither written nor read."""
    return replace(course, pla2r=(), albumin=())
