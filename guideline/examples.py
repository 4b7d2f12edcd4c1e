"""Worked example patients, invented for illustration.

They are not real patients. Their doses and target trough ranges are
placeholders chosen by a fictional clinician, not recommendations: the
package holds no dose or trough advice (D3, D12); the cyclosporine targets lie
within the span of the cited trials (D21). Values are measured at least every
3 months, as the rules expect (D18). Each case is used by the
tests, the documentation site and the in-browser page, so all three show the
same patients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ._calendar import add_months
from ._course import (
    Agent,
    Albumin,
    AlbuminUnit,
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
)

__all__ = [
    "REVISION_2",
    "WORKED_CASES",
    "Revision2Situation",
    "WorkedCase",
    "complete_responder",
    "dependence",
    "high_grade_slow_decline",
    "non_responder",
    "partial_responder",
    "partial_response_without_remission",
    "relapse_after_stop",
    "titre_back_before_relapse",
    "titre_positive_at_the_stop_window",
]

_G = ProteinuriaUnit.G_PER_DAY
_MG = CreatinineUnit.MG_PER_DL


def _proteinuria(*values: tuple[date, float]) -> tuple[Proteinuria, ...]:
    return tuple(Proteinuria(on, value, _G) for on, value in values)


def _creatinine(*values: tuple[date, float]) -> tuple[Creatinine, ...]:
    return tuple(Creatinine(on, value, _MG) for on, value in values)


def _troughs(*values: tuple[date, float]) -> tuple[Trough, ...]:
    return tuple(Trough(on, value) for on, value in values)


def _titres(cutoff: float, *values: tuple[date, float]) -> tuple[Pla2rTitre, ...]:
    return tuple(Pla2rTitre(on, value, cutoff) for on, value in values)


def complete_responder() -> Course:
    """Tacrolimus; complete remission by month 6, tapered, maintained, withdrawn in the window."""
    return Course(
        agent=Agent.TACROLIMUS,
        start=date(2025, 1, 15),
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(5, 8),
        proteinuria=_proteinuria(
            (date(2025, 1, 10), 6.0),
            (date(2025, 3, 15), 4.0),
            (date(2025, 5, 15), 2.0),
            (date(2025, 6, 20), 0.25),
            (date(2025, 7, 1), 0.2),
            (date(2025, 8, 25), 0.18),
            (date(2025, 10, 1), 0.15),
            (date(2026, 1, 10), 0.2),
            (date(2026, 4, 1), 0.19),
            (date(2026, 6, 1), 0.18),
            (date(2026, 9, 1), 0.2),
            (date(2026, 10, 10), 0.2),
            (date(2026, 11, 10), 0.21),
            (date(2027, 1, 15), 0.22),
        ),
        creatinine=_creatinine(
            (date(2025, 1, 10), 1.0),
            (date(2025, 4, 15), 1.05),
            (date(2025, 7, 1), 1.08),
            (date(2025, 10, 1), 1.1),
            (date(2026, 1, 10), 1.05),
            (date(2026, 4, 1), 1.06),
            (date(2026, 6, 1), 1.08),
            (date(2026, 9, 1), 1.04),
            (date(2026, 11, 10), 1.02),
            (date(2027, 1, 15), 1.0),
        ),
        troughs=_troughs(
            (date(2025, 2, 15), 6.0),
            (date(2025, 4, 15), 7.0),
            (date(2025, 6, 15), 6.5),
            (date(2025, 8, 15), 5.5),
            (date(2025, 10, 15), 5.2),
            (date(2026, 1, 10), 5.4),
            (date(2026, 4, 1), 5.1),
            (date(2026, 6, 1), 5.0),
            (date(2026, 9, 1), 5.3),
        ),
        dose_changes=(
            DoseChange(date(2025, 8, 1), 3, DoseChangeReason.TAPER),
            DoseChange(date(2025, 9, 1), 2, DoseChangeReason.TAPER),
            DoseChange(date(2026, 9, 15), 1.5, DoseChangeReason.WITHDRAWAL),
            DoseChange(date(2026, 10, 15), 0.5, DoseChangeReason.WITHDRAWAL),
        ),
        discontinuations=(Discontinuation(date(2026, 11, 15), StopReason.PLANNED),),
    )


def partial_responder() -> Course:
    """Cyclosporine; partial remission at month 4, so the taper waits for month 12 (our reading)."""
    return Course(
        agent=Agent.CYCLOSPORINE,
        start=date(2025, 3, 1),
        starting_dose_mg_per_day=200,
        target_trough=TroughRange(125, 175),
        proteinuria=_proteinuria(
            (date(2025, 2, 20), 7.0),
            (date(2025, 5, 1), 5.0),
            (date(2025, 7, 1), 3.0),
            (date(2025, 7, 15), 2.8),
            (date(2025, 11, 1), 2.0),
            (date(2026, 1, 5), 1.9),
            (date(2026, 3, 1), 1.8),
            (date(2026, 4, 5), 1.7),
            (date(2026, 7, 1), 1.6),
            (date(2026, 10, 1), 1.5),
            (date(2027, 1, 10), 1.5),
            (date(2027, 4, 1), 1.45),
            (date(2027, 6, 1), 1.4),
        ),
        creatinine=_creatinine(
            (date(2025, 2, 20), 0.9),
            (date(2025, 5, 1), 0.95),
            (date(2025, 7, 1), 1.0),
            (date(2025, 10, 1), 1.0),
            (date(2026, 1, 5), 0.98),
            (date(2026, 3, 1), 1.0),
            (date(2026, 6, 1), 0.97),
            (date(2026, 10, 1), 0.96),
            (date(2027, 1, 10), 0.95),
            (date(2027, 4, 1), 0.95),
        ),
        troughs=_troughs(
            (date(2025, 3, 20), 130),
            (date(2025, 5, 1), 140),
            (date(2025, 7, 1), 140),
            (date(2025, 9, 15), 135),
            (date(2025, 11, 1), 135),
            (date(2026, 1, 5), 130),
            (date(2026, 3, 1), 130),
            (date(2026, 5, 15), 128),
            (date(2026, 7, 1), 128),
            (date(2026, 10, 1), 126),
            (date(2027, 1, 10), 127),
            (date(2027, 4, 1), 126),
        ),
        dose_changes=(
            DoseChange(date(2026, 3, 5), 150, DoseChangeReason.TAPER),
            DoseChange(date(2026, 4, 10), 100, DoseChangeReason.TAPER),
        ),
    )


def non_responder() -> Course:
    """Tacrolimus at target trough; proteinuria barely falls, stopped at month 6."""
    return Course(
        agent=Agent.TACROLIMUS,
        start=date(2025, 2, 1),
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(5, 8),
        proteinuria=_proteinuria(
            (date(2025, 1, 25), 7.5),
            (date(2025, 4, 1), 7.2),
            (date(2025, 6, 1), 6.9),
            (date(2025, 8, 1), 6.8),
            (date(2025, 10, 1), 7.0),
        ),
        creatinine=_creatinine(
            (date(2025, 1, 25), 1.1),
            (date(2025, 4, 1), 1.15),
            (date(2025, 6, 1), 1.2),
            (date(2025, 8, 1), 1.2),
        ),
        troughs=_troughs(
            (date(2025, 2, 15), 6.0),
            (date(2025, 4, 1), 6.5),
            (date(2025, 6, 1), 7.0),
            (date(2025, 7, 25), 6.2),
        ),
        discontinuations=(Discontinuation(date(2025, 8, 5), StopReason.NON_RESPONSE),),
    )


def high_grade_slow_decline() -> Course:
    """Cyclosporine from 12 g/day; a steady fall defers the stop at month 6 (G1)."""
    return Course(
        agent=Agent.CYCLOSPORINE,
        start=date(2025, 1, 10),
        starting_dose_mg_per_day=200,
        target_trough=TroughRange(125, 175),
        proteinuria=_proteinuria(
            (date(2025, 1, 5), 12.0),
            (date(2025, 3, 10), 11.5),
            (date(2025, 5, 10), 10.8),
            (date(2025, 6, 10), 10.0),
            (date(2025, 7, 10), 9.4),
            (date(2025, 9, 10), 7.0),
            (date(2025, 11, 10), 5.5),
            (date(2026, 1, 10), 3.2),
            (date(2026, 1, 20), 3.0),
        ),
        creatinine=_creatinine(
            (date(2025, 1, 5), 1.2),
            (date(2025, 4, 10), 1.25),
            (date(2025, 7, 10), 1.3),
            (date(2025, 10, 10), 1.3),
            (date(2026, 1, 10), 1.3),
        ),
        troughs=_troughs(
            (date(2025, 1, 31), 130),
            (date(2025, 3, 10), 135),
            (date(2025, 5, 10), 140),
            (date(2025, 7, 1), 135),
            (date(2025, 9, 10), 132),
            (date(2025, 11, 10), 130),
            (date(2026, 1, 10), 135),
        ),
    )


def partial_response_without_remission() -> Course:
    """Tacrolimus; proteinuria halves by month 4 and stays there: stopped at month 12 (D13)."""
    return Course(
        agent=Agent.TACROLIMUS,
        start=date(2025, 2, 1),
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(5, 8),
        proteinuria=_proteinuria(
            (date(2025, 1, 28), 10.0),
            (date(2025, 3, 1), 8.0),
            (date(2025, 4, 1), 7.0),
            (date(2025, 6, 1), 6.0),
            (date(2025, 8, 1), 6.1),
            (date(2025, 10, 1), 5.9),
            (date(2025, 12, 1), 6.0),
            (date(2026, 1, 20), 6.0),
        ),
        creatinine=_creatinine(
            (date(2025, 1, 28), 1.0),
            (date(2025, 4, 1), 1.05),
            (date(2025, 7, 1), 1.05),
            (date(2025, 10, 1), 1.04),
            (date(2025, 12, 1), 1.05),
            (date(2026, 1, 20), 1.04),
        ),
        troughs=_troughs(
            (date(2025, 2, 15), 6.0),
            (date(2025, 4, 1), 6.5),
            (date(2025, 6, 1), 6.8),
            (date(2025, 8, 1), 6.4),
            (date(2025, 10, 1), 6.6),
            (date(2025, 12, 1), 6.5),
            (date(2026, 1, 20), 6.7),
        ),
        discontinuations=(Discontinuation(date(2026, 2, 2), StopReason.NON_RESPONSE),),
    )


def relapse_after_stop() -> Course:
    """The complete responder relapses three months after the withdrawal ends."""
    course = complete_responder()
    return replace(
        course,
        proteinuria=course.proteinuria
        + _proteinuria(
            (date(2027, 3, 1), 4.2),
            (date(2027, 3, 10), 4.8),
        ),
    )


def dependence() -> Course:
    """Restarted after that relapse; relapses again on the taper: CNI dependence."""
    course = relapse_after_stop()
    return replace(
        course,
        proteinuria=course.proteinuria
        + _proteinuria(
            (date(2027, 5, 20), 1.5),
            (date(2027, 6, 1), 0.25),
            (date(2027, 6, 10), 0.2),
            (date(2027, 9, 15), 0.2),
            (date(2027, 10, 20), 0.22),
            (date(2027, 12, 1), 4.0),
            (date(2027, 12, 10), 5.0),
        ),
        creatinine=course.creatinine
        + _creatinine(
            (date(2027, 4, 20), 1.02),
            (date(2027, 7, 20), 1.05),
            (date(2027, 9, 15), 1.04),
            (date(2027, 10, 20), 1.03),
            (date(2027, 12, 1), 1.05),
        ),
        troughs=course.troughs
        + _troughs(
            (date(2027, 4, 20), 6.5),
            (date(2027, 7, 20), 6.2),
            (date(2027, 9, 15), 6.0),
            (date(2027, 12, 1), 5.4),
        ),
        restarts=(Restart(date(2027, 3, 20), 4),),
        dose_changes=(
            *course.dose_changes,
            DoseChange(date(2027, 9, 25), 3, DoseChangeReason.TAPER),
            DoseChange(date(2027, 10, 25), 2, DoseChangeReason.TAPER),
        ),
    )


def titre_positive_at_the_stop_window() -> Course:
    """Cyclosporine; complete remission, the anti-PLA2R titre still positive at the window (D22).

    The titre is above the cut-off when the stop window opens and a month later,
    and below it two months later.
    """
    visits = (
        date(2025, 10, 1),
        date(2025, 12, 15),
        date(2026, 3, 1),
        date(2026, 5, 15),
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
    )
    return Course(
        agent=Agent.CYCLOSPORINE,
        start=date(2025, 2, 1),
        starting_dose_mg_per_day=200,
        target_trough=TroughRange(125, 175),
        proteinuria=_proteinuria(
            (date(2025, 1, 25), 8.0),
            (date(2025, 4, 1), 4.0),
            (date(2025, 6, 1), 1.2),
            (date(2025, 7, 1), 0.25),
            (date(2025, 7, 10), 0.2),
            (date(2025, 8, 1), 0.2),
            (date(2025, 9, 1), 0.2),
            *((day, 0.2) for day in visits),
        ),
        creatinine=_creatinine(
            (date(2025, 1, 25), 1.0),
            (date(2025, 4, 1), 1.05),
            (date(2025, 7, 1), 1.08),
            (date(2025, 9, 1), 1.05),
            *((day, 1.04) for day in visits),
        ),
        troughs=_troughs(
            (date(2025, 2, 20), 140),
            (date(2025, 4, 1), 150),
            (date(2025, 7, 1), 145),
            (date(2025, 9, 1), 135),
            *((day, 130) for day in visits),
        ),
        dose_changes=(
            DoseChange(date(2025, 8, 5), 150, DoseChangeReason.TAPER),
            DoseChange(date(2025, 9, 5), 100, DoseChangeReason.TAPER),
        ),
        pla2r=_titres(
            20,
            (date(2025, 1, 20), 240),
            (date(2025, 4, 1), 90),
            (date(2025, 8, 1), 45),
            (date(2026, 2, 1), 32),
            (date(2026, 8, 20), 26),
            (date(2026, 10, 1), 21),
            (date(2026, 11, 1), 12),
        ),
        albumin=(
            Albumin(date(2025, 1, 20), 2.4, AlbuminUnit.G_PER_DL),
            Albumin(date(2025, 7, 10), 3.9, AlbuminUnit.G_PER_DL),
        ),
    )


def titre_back_before_relapse() -> Course:
    """The complete responder's anti-PLA2R titre comes back after the stop, then a relapse (D22).

    Negative since month 6, the titre is positive again two months after the
    stop while proteinuria is still low; the relapse follows six weeks later.
    """
    return replace(
        relapse_after_stop(),
        pla2r=_titres(
            20,
            (date(2025, 1, 10), 120),
            (date(2025, 4, 15), 30),
            (date(2025, 7, 1), 8),
            (date(2026, 1, 10), 4),
            (date(2026, 9, 1), 3),
            (date(2027, 1, 15), 45),
        ),
    )


@dataclass(frozen=True)
class WorkedCase:
    """A worked example: a course and the dates to evaluate it on.

    Attributes:
        name: Stable key, also the function name.
        title: A short title for the site.
        summary: One sentence on what the case shows.
        course: The patient course.
        dates: Evaluation dates that show the case's turning points.
    """

    name: str
    title: str
    summary: str
    course: Course
    dates: tuple[date, ...]


WORKED_CASES: dict[str, WorkedCase] = {
    case.name: case
    for case in (
        WorkedCase(
            "complete_responder",
            "Complete remission, taper and withdrawal",
            "Remission by month 6, taper in two steps, a year at half dose, then a "
            "withdrawal over 3 months inside the window.",
            complete_responder(),
            (
                date(2025, 5, 1),
                date(2025, 7, 20),
                date(2025, 8, 10),
                date(2025, 12, 1),
                date(2026, 9, 10),
                date(2026, 10, 20),
                date(2026, 12, 1),
            ),
        ),
        WorkedCase(
            "partial_responder",
            "Partial remission: the taper waits for month 12 (our reading)",
            "Partial remission at month 4 keeps the full dose until month 12, our reading of "
            "the source.",
            partial_responder(),
            (date(2025, 10, 1), date(2026, 3, 5), date(2026, 5, 1), date(2027, 5, 1)),
        ),
        WorkedCase(
            "non_responder",
            "No response at target trough: stopped at month 6",
            "Troughs at target, proteinuria down by less than 30%: the stop waits for month 6.",
            non_responder(),
            (date(2025, 5, 1), date(2025, 6, 20), date(2025, 8, 1), date(2025, 9, 1)),
        ),
        WorkedCase(
            "high_grade_slow_decline",
            "High-grade baseline with a slow decline",
            "A 12 g/day baseline falling slowly is continued at month 6 and reaches "
            "partial remission later.",
            high_grade_slow_decline(),
            (date(2025, 7, 10), date(2025, 10, 1), date(2026, 1, 10), date(2026, 2, 1)),
        ),
        WorkedCase(
            "partial_response_without_remission",
            "A partial response that never remits: stopped at month 12",
            "Proteinuria falls by 40% and stays there; without a remission the trial ends at "
            "month 12.",
            partial_response_without_remission(),
            (date(2025, 7, 1), date(2025, 11, 1), date(2026, 2, 1), date(2026, 3, 1)),
        ),
        WorkedCase(
            "relapse_after_stop",
            "Relapse after stopping: restart",
            "A relapse after the planned stop leads to restarting the same agent.",
            relapse_after_stop(),
            (date(2026, 12, 1), date(2027, 3, 15)),
        ),
        WorkedCase(
            "dependence",
            "Second relapse on withdrawal: consider rituximab",
            "After the restart, a relapse on the taper makes two: CNI dependence.",
            dependence(),
            (date(2027, 4, 1), date(2027, 9, 25), date(2027, 12, 15)),
        ),
        WorkedCase(
            "titre_positive_at_the_stop_window",
            "Anti-PLA2R still positive when the stop window opens",
            "A complete remission on cyclosporine with a titre still above the cut-off when "
            "stopping could be considered: an alert and an earlier review, until it is negative.",
            titre_positive_at_the_stop_window(),
            (date(2025, 4, 15), date(2026, 9, 5), date(2026, 10, 1), date(2026, 11, 5)),
        ),
        WorkedCase(
            "titre_back_before_relapse",
            "Anti-PLA2R back after the stop, before proteinuria rises",
            "Off the CNI in complete remission, the titre turns positive again while proteinuria "
            "is still low: an alert and a review within 4 weeks; the relapse follows.",
            titre_back_before_relapse(),
            (date(2026, 12, 1), date(2027, 1, 15), date(2027, 2, 12), date(2027, 3, 15)),
        ),
    )
}
"""The worked cases, by name."""


def _month(start: date, months: int, days: int = 0) -> date:
    return add_months(start, months) + timedelta(days=days)


_T0 = date(2025, 1, 15)


def _situation(
    *,
    dose: float = 4.0,
    target: tuple[float, float] = (5, 8),
    baseline: float = 6.0,
    proteinuria: tuple[tuple[date, float], ...] = (),
    creatinine: tuple[tuple[date, float], ...] = (),
    troughs: tuple[tuple[date, float], ...] | None = None,
    steps: tuple[tuple[date, float], ...] = (),
    until: int = 12,
) -> Course:
    """A tacrolimus course from ``_T0``.

    Unless given, troughs are at target and creatinine stable, measured every
    month up to month ``until``.
    """
    monthly = tuple(_month(_T0, n) for n in range(1, until + 1))
    return Course(
        agent=Agent.TACROLIMUS,
        start=_T0,
        starting_dose_mg_per_day=dose,
        target_trough=TroughRange(*target),
        proteinuria=_proteinuria((_T0 - timedelta(days=5), baseline), *proteinuria),
        creatinine=_creatinine(
            (_T0 - timedelta(days=5), 1.0), *(creatinine or [(day, 1.0) for day in monthly])
        ),
        troughs=_troughs(*(troughs if troughs is not None else [(day, 6.0) for day in monthly])),
        dose_changes=tuple(DoseChange(on, mg, DoseChangeReason.TAPER) for on, mg in steps),
    )


_REMISSION = ((_month(_T0, 3), 2.0), (_month(_T0, 4), 0.25), (_month(_T0, 4, 10), 0.2))
"""A complete remission confirmed at month 4 and 10 days (from a 6.0 baseline)."""


def open_ended_partial_response() -> Course:
    """Revision 2, situation 1: proteinuria 10 to 6 g/day by month 4, then flat (D13)."""
    falling = ((1, 9.0), (2, 8.0), (3, 7.0), *((month, 6.0) for month in range(4, 13)))
    return _situation(baseline=10.0, proteinuria=tuple((_month(_T0, m), v) for m, v in falling))


def tapering_into_a_rise() -> Course:
    """Revision 2, situation 2: complete remission, then 1.5, 2.8 and 3.0 g/day in the taper."""
    rise = ((_month(_T0, 7), 1.5), (_month(_T0, 7, 14), 2.8), (_month(_T0, 8), 3.0))
    return _situation(
        proteinuria=(*_REMISSION, (_month(_T0, 5, 20), 0.2), *rise),
        steps=((_month(_T0, 6), 3.0),),
    )


def nephrotic_value_in_the_stop_window() -> Course:
    """Revision 2, situation 3: the partial responder, 6 g/day on 2027-04-20."""
    course = partial_responder()
    return replace(
        course, proteinuria=(*course.proteinuria, *_proteinuria((date(2027, 4, 20), 6.0)))
    )


def high_grade_drift() -> Course:
    """Revision 2, situation 4: from 12 g/day, 0.05 g/day lower at each monthly value."""
    drift = tuple((_month(_T0, m), round(12.0 - 0.05 * m, 2)) for m in range(1, 19))
    return _situation(baseline=12.0, proteinuria=drift, until=18)


def one_high_value_after_a_fall() -> Course:
    """Revision 2, situation 5: 7 to 3.8 and 3.7 g/day, then one value of 6.0 at month 6."""
    values = ((_month(_T0, 2), 3.8), (_month(_T0, 4), 3.7), (_month(_T0, 6), 6.0))
    return _situation(baseline=7.0, proteinuria=values)


def mixed_methods() -> Course:
    """Revision 2, situation 6: a 24-hour baseline, then ratios; refused (D16)."""
    return Course(
        agent=Agent.TACROLIMUS,
        start=_T0,
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(5, 8),
        proteinuria=(
            Proteinuria(_T0 - timedelta(days=5), 5.0, ProteinuriaUnit.G_PER_DAY),
            Proteinuria(_month(_T0, 2), 2.4, ProteinuriaUnit.UPCR_G_PER_G),
            Proteinuria(_month(_T0, 2, 9), 2.3, ProteinuriaUnit.UPCR_G_PER_G),
        ),
        creatinine=_creatinine((_T0 - timedelta(days=5), 1.0)),
    )


def creatinine_rise() -> Course:
    """Revision 2, situation 7: creatinine 45% then 60% above baseline in the trial (D17)."""
    rise = ((_month(_T0, 1), 1.0), (_month(_T0, 2), 1.45), (_month(_T0, 2, 10), 1.6))
    return _situation(proteinuria=((_month(_T0, 1), 5.0),), creatinine=rise, until=3)


def relapse_during_the_taper() -> Course:
    """Revision 2, situation 8: complete remission, a taper step, then a confirmed relapse."""
    relapse = ((_month(_T0, 7), 5.0), (_month(_T0, 7, 7), 5.2))
    return _situation(
        proteinuria=(*_REMISSION, (_month(_T0, 5, 20), 0.2), *relapse),
        steps=((_month(_T0, 6), 3.0),),
    )


def stale_values() -> Course:
    """Revision 2, situation 9: no proteinuria for 14 months and no trough for 17."""
    early = tuple((_month(_T0, m), 0.2) for m in (5, 6, 7, 8, 9, 10))
    return _situation(
        proteinuria=(*_REMISSION, *early),
        troughs=tuple((_month(_T0, m), 6.0) for m in range(1, 8)),
        creatinine=tuple((_month(_T0, m), 1.0) for m in range(1, 11)),
        steps=((_month(_T0, 6), 3.0), (_month(_T0, 7, 5), 2.0)),
    )


def dose_between_capsules() -> Course:
    """Revision 2, situation 10: 3 mg of tacrolimus at the taper start (D20)."""
    return _situation(dose=3.0, proteinuria=_REMISSION)


def target_for_another_drug() -> Course:
    """Revision 2, situation 11: tacrolimus with a 100-150 ng/mL target (D21)."""
    flat = tuple((_month(_T0, m), 5.8) for m in range(1, 7))
    return _situation(
        target=(100, 150),
        troughs=tuple((_month(_T0, m), 120.0) for m in range(1, 7)),
        proteinuria=flat,
        until=6,
    )


@dataclass(frozen=True)
class Revision2Situation:
    """A situation where the first revision of the rules gave unsafe advice.

    Attributes:
        name: Stable key.
        title: What went wrong, in a few words.
        before: What the first revision advised, in words.
        course: Builds the course (situation 6's course is refused, so it is
            built when asked for).
        on: The evaluation date.
        decisions: The decisions of revision 2 that change the advice.
    """

    name: str
    title: str
    before: str
    course: Callable[[], Course]
    on: date
    decisions: tuple[str, ...]


REVISION_2: dict[str, Revision2Situation] = {
    situation.name: situation
    for situation in (
        Revision2Situation(
            "open_ended_partial_response",
            "Open-ended CNI without remission",
            "Continue (trial_responding), with no alert and no review date, at months 6, 12, "
            "24 and 36.",
            open_ended_partial_response,
            _month(_T0, 12),
            ("D13",),
        ),
        Revision2Situation(
            "tapering_into_a_rise",
            "Tapering into a relapse",
            "Lower the dose to half of the starting dose.",
            tapering_into_a_rise,
            _month(_T0, 8),
            ("D14",),
        ),
        Revision2Situation(
            "nephrotic_value_in_the_stop_window",
            "A new nephrotic value ignored",
            "Consider stopping the CNI, with no alert.",
            nephrotic_value_in_the_stop_window,
            date(2027, 5, 1),
            ("D14",),
        ),
        Revision2Situation(
            "high_grade_drift",
            "The high-grade exception never ends",
            "Continue, at every date, as the values keep drifting down.",
            high_grade_drift,
            _month(_T0, 12),
            ("D2", "D13"),
        ),
        Revision2Situation(
            "one_high_value_after_a_fall",
            "One value stops therapy",
            "Consider stopping the CNI as ineffective.",
            one_high_value_after_a_fall,
            _month(_T0, 6),
            ("D2", "P2"),
        ),
        Revision2Situation(
            "mixed_methods",
            "Mixed methods make a remission",
            "A confirmed partial remission from a 24-hour baseline and two later ratios.",
            mixed_methods,
            _month(_T0, 3),
            ("D16",),
        ),
        Revision2Situation(
            "creatinine_rise",
            "Creatinine up by half and the advice is to continue",
            "Continue the CNI, with the nephrotoxicity alert only.",
            creatinine_rise,
            _month(_T0, 2, 10),
            ("D17",),
        ),
        Revision2Situation(
            "relapse_during_the_taper",
            "A relapse during the taper kept at a reduced dose for ever",
            "Keep the current dose (no further reduction), with no review date.",
            relapse_during_the_taper,
            _month(_T0, 7, 7),
            ("D15",),
        ),
        Revision2Situation(
            "stale_values",
            "Advice on year-old values",
            "Consider stopping the CNI, with no alert.",
            stale_values,
            _month(_T0, 24),
            ("D18",),
        ),
        Revision2Situation(
            "dose_between_capsules",
            "A dose that cannot be given",
            "Lower the dose to 2.25 mg/day.",
            dose_between_capsules,
            _month(_T0, 6),
            ("D20",),
        ),
        Revision2Situation(
            "target_for_another_drug",
            "Any target accepted",
            "No remark on a tacrolimus target of 100 to 150 ng/mL.",
            target_for_another_drug,
            _month(_T0, 6),
            ("D21",),
        ),
    )
}
"""The eleven situations revision 2 of the rules changes, by name."""
