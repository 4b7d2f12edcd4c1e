"""Hypothesis strategies for valid courses, their parts, and parameters.

For projects that test code built on this package. It needs Hypothesis
(``pip install cni-mn-guideline[testing]``); ``import guideline`` does not.

Courses are drawn from clinical scenarios, not from noise: complete and
partial responders (early and late), non-responders, high-grade baselines with
a slow decline, subtherapeutic troughs, creatinine rises and recoveries,
relapses during the taper, after a stop and repeatedly, month-end and
leap-day starts, and measurements a few days apart. Taper steps, stops and
restarts are drawn at random (valid, but not necessarily what the guideline
advises); ``tests/test_closed_loop.py`` shows courses that follow the advice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from math import nextafter
from typing import Any

from hypothesis import strategies as st

from ._course import (
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
)
from ._parameters import (
    CREATININE_MOLAR_MASS,
    G_PER_L_IN_G_PER_DL,
    LOW_ALBUMIN_G_PER_DL,
    PARAMETER_RANGES,
    TARGET_SPANS,
    Parameters,
)

__all__ = [
    "SCENARIOS",
    "courses",
    "evaluation_dates",
    "parameters",
    "start_dates",
    "trough_ranges",
    "with_markers",
]

SCENARIOS = (
    "complete_early",
    "complete_late",
    "partial",
    "non_responder",
    "high_grade_slow",
    "subtherapeutic",
    "creatinine_rise",
    "relapse_on_taper",
    "relapse_after_stop",
    "repeated_relapse",
)
"""Names of the clinical scenarios :func:`courses` draws from."""

_FIRST, _LAST = date(2000, 1, 1), date(2045, 12, 31)


def start_dates() -> st.SearchStrategy[date]:
    """First-dose dates, with month ends and leap days drawn often."""
    month_ends = st.builds(
        lambda year, month: _month_end(year, month),
        st.integers(_FIRST.year, _LAST.year - 1),
        st.integers(1, 12),
    )
    leap_days = st.sampled_from([date(year, 2, 29) for year in range(2000, 2045, 4)])
    return st.one_of(st.dates(_FIRST, date(_LAST.year - 1, 12, 31)), month_ends, leap_days)


def parameters() -> st.SearchStrategy[Parameters]:
    """Any valid :class:`~guideline.Parameters`, bounds included."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, (low, high) in PARAMETER_RANGES.items():
        if isinstance(low, int) and isinstance(high, int):
            fields[name] = st.integers(low, high)
        else:
            fields[name] = st.one_of(st.sampled_from([low, high]), st.floats(low, high))
    return st.builds(Parameters, **fields)


def trough_ranges(agent: Agent | None = None) -> st.SearchStrategy[TroughRange]:
    """Target trough ranges in ng/mL (placeholders; the package holds no targets).

    With an agent, most ranges lie within the span of the cited protocols for
    it (D21) and some anywhere, so unusual targets are drawn too.
    """
    anywhere = st.builds(
        lambda low, width: TroughRange(low, low + width),
        st.floats(1.0, 300.0),
        st.floats(0.5, 200.0),
    )
    if agent is None:
        return anywhere
    low, high = TARGET_SPANS[agent.value]
    usual = st.builds(
        lambda a, b: TroughRange(low + (high - low) * min(a, b), low + (high - low) * max(a, b)),
        st.floats(0.0, 0.45),
        st.floats(0.55, 1.0),
    )
    return st.one_of(usual, usual, usual, anywhere)


def evaluation_dates(course: Course, *, beyond_days: int = 120) -> st.SearchStrategy[date]:
    """Dates from the start of ``course`` to a little after its last entry."""
    return st.dates(course.start, course.last_recorded + timedelta(days=beyond_days))


@st.composite
def courses(draw: st.DrawFn, scenario: str | None = None) -> Course:
    """A valid course from one of :data:`SCENARIOS` (drawn if not given)."""
    name = scenario if scenario is not None else draw(st.sampled_from(SCENARIOS))
    start = draw(start_dates())
    agent = draw(st.sampled_from(list(Agent)))
    dose = draw(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.5, 100.0, 150.0, 200.0, 250.0]))
    target = draw(trough_ranges(agent))
    unit = draw(st.sampled_from(list(ProteinuriaUnit)))
    scale = CREATININE_MOLAR_MASS if unit is ProteinuriaUnit.UPCR_MG_PER_MMOL else 1.0
    high_grade = name == "high_grade_slow"
    baseline = draw(st.floats(8.0, 20.0) if high_grade else st.floats(4.0, 14.0))
    gaps = draw(st.lists(st.integers(1, 60), min_size=3, max_size=40))
    visits: list[date] = []
    for gap in gaps:
        visits.append((visits[-1] if visits else start) + timedelta(days=gap))
    depth = {"complete_early": 0.02, "complete_late": 0.02, "partial": 0.3}.get(name, 0.9)
    respond_after = draw(st.integers(30, 120) if name != "complete_late" else st.integers(200, 420))
    relapse_after = draw(st.integers(150, 900))
    creatinine_base = draw(st.floats(0.5, 3.0))
    rise = draw(st.floats(1.0, 1.8)) if name == "creatinine_rise" else 1.0
    rise_from, rise_until = sorted(
        draw(st.lists(st.integers(0, len(visits)), min_size=2, max_size=2))
    )
    low_trough_until = draw(st.integers(0, 400)) if name == "subtherapeutic" else 0
    relapses = name in ("relapse_on_taper", "relapse_after_stop", "repeated_relapse")

    proteinuria = [
        Proteinuria(start - timedelta(days=draw(st.integers(0, 20))), baseline * scale, unit)
    ]
    creatinine = [Creatinine(proteinuria[0].on, creatinine_base, CreatinineUnit.MG_PER_DL)]
    troughs: list[Trough] = []
    doses: list[DoseChange] = []
    stops: list[Discontinuation] = []
    restarts: list[Restart] = []
    assessments: list[Assessment] = []
    adverse: list[AdverseEffectReport] = []
    on_therapy, current = True, dose
    for index, day in enumerate(visits):
        elapsed = (day - start).days
        fraction = min(1.0, elapsed / respond_after)
        level = baseline * (1 - (1 - depth) * fraction)
        if high_grade:
            level = baseline * max(0.2, 1 - elapsed / 600)
        if relapses and elapsed > relapse_after and (not on_therapy or current < dose):
            level = max(level, baseline * 0.8, 3.6)
        noise = draw(st.floats(0.9, 1.1))
        if draw(st.integers(0, 9)) < 9:
            proteinuria.append(Proteinuria(day, round(level * noise * scale, 3), unit))
        if draw(st.booleans()):
            factor = rise if rise_from <= index < rise_until else 1.0
            creatinine.append(
                Creatinine(
                    day, round(creatinine_base * factor * noise, 3), CreatinineUnit.MG_PER_DL
                )
            )
        if on_therapy and draw(st.integers(0, 2)) > 0:
            below = elapsed < low_trough_until
            span = target.high - target.low
            value = target.low * 0.5 if below else target.low + span * draw(st.floats(0, 1))
            troughs.append(Trough(day, round(value, 3)))
        event = draw(st.integers(0, 19))
        if on_therapy and event < 3 and current > dose * 0.2:
            current = round(current * draw(st.floats(0.5, 0.95)), 3)
            reason = draw(st.sampled_from(_LOWERING))
            doses.append(DoseChange(day, current, reason))
        elif on_therapy and event == 3:
            current = round(current * draw(st.floats(0.7, 1.3)), 3)
            doses.append(DoseChange(day, current, DoseChangeReason.ADJUSTMENT))
        elif on_therapy and event == 5 and current < dose:
            current = dose
            doses.append(DoseChange(day, current, DoseChangeReason.RESTORE))
        elif on_therapy and event == 4:
            stops.append(Discontinuation(day, draw(st.sampled_from(list(StopReason)))))
            on_therapy = False
        elif not on_therapy and event < 8:
            restarts.append(Restart(day, dose))
            on_therapy, current = True, dose
        if draw(st.integers(0, 29)) == 0:
            assessments.append(Assessment(day, draw(st.sampled_from(list(AssessmentKind)))))
        if on_therapy and draw(st.integers(0, 39)) == 0:
            adverse.append(AdverseEffectReport(day, draw(st.sampled_from(list(AdverseEffect)))))
    return Course(
        agent=agent,
        start=start,
        starting_dose_mg_per_day=dose,
        target_trough=target,
        proteinuria=tuple(proteinuria),
        creatinine=tuple(creatinine),
        troughs=tuple(troughs),
        dose_changes=tuple(doses),
        discontinuations=tuple(stops),
        restarts=tuple(restarts),
        assessments=tuple(assessments),
        adverse_effects=tuple(adverse),
    )


TITRE_FACTORS = (0.0, 0.5, nextafter(1.0, 0.0), 1.0, nextafter(1.0, 2.0), 3.0, 20.0)
"""Titres are drawn as these multiples of their cut-off: on it, just either side, far off."""

ALBUMIN_G_PER_DL = (
    2.0,
    3.0,
    nextafter(LOW_ALBUMIN_G_PER_DL, 0.0),
    LOW_ALBUMIN_G_PER_DL,
    nextafter(LOW_ALBUMIN_G_PER_DL, 5.0),
    5.0,
)
"""Albumin levels drawn, in g/dL: on the low level of D23, just either side of it, far off.
Written in g/L they are ten times as much."""


@st.composite
def with_markers(draw: st.DrawFn, course: Course) -> Course:
    """``course`` with anti-PLA2R titres and serum albumin drawn around its dates (D22, D23).

    Titres lie on their cut-off, just either side of it, or far from it, with
    cut-offs that vary from value to value as laboratories do; a baseline titre
    is drawn within 3 months before the start, earlier, or not at all. Albumin
    lies on either side of 3.5 g/dL, in either unit, near the proteinuria
    dates. Cut-offs and levels are placeholders, not advice.
    """
    visits = sorted({item.on for item in course.proteinuria if item.on > course.start})
    cutoffs = st.one_of(st.sampled_from([2.0, 14.0, 20.0]), st.floats(0.5, 100.0))

    def titre(on: date) -> Pla2rTitre:
        cutoff = draw(cutoffs)
        return Pla2rTitre(on, cutoff * draw(st.sampled_from(TITRE_FACTORS)), cutoff)

    titres: dict[date, Pla2rTitre] = {}
    baseline = draw(st.sampled_from(["none", "recent", "old"]))
    if baseline != "none":
        before = draw(st.integers(0, 95) if baseline == "recent" else st.integers(96, 400))
        titres[course.start - timedelta(days=before)] = titre(course.start - timedelta(days=before))
    for on in visits:
        if draw(st.integers(0, 2)) == 0:
            titres[on] = titre(on)
    albumin: dict[date, Albumin] = {}
    for on in visits:
        if draw(st.integers(0, 3)) == 0:
            day = on + timedelta(days=draw(st.integers(-10, 10)))
            level = draw(st.sampled_from(ALBUMIN_G_PER_DL))
            if draw(st.booleans()):
                albumin[day] = Albumin(day, level, AlbuminUnit.G_PER_DL)
            else:
                albumin[day] = Albumin(day, level * G_PER_L_IN_G_PER_DL, AlbuminUnit.G_PER_L)
    return replace(course, pla2r=tuple(titres.values()), albumin=tuple(albumin.values()))


_LOWERING = [
    DoseChangeReason.TAPER,
    DoseChangeReason.TAPER,
    DoseChangeReason.WITHDRAWAL,
    DoseChangeReason.CREATININE_RISE,
]


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)
