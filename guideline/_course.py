"""The patient course: what was given, what was measured, what the clinician recorded.

Everything is a frozen dataclass validated on construction. A bad value raises
:class:`~guideline.CourseError` naming the field; nothing is corrected or
guessed. Series may be given in any order and are stored sorted by date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from typing import Any, Protocol, TypeVar, cast

from ._errors import CourseError
from ._exact import exact
from ._parameters import ALBUMIN_CEILING_G_PER_L, CREATININE_MOLAR_MASS, G_PER_L_IN_G_PER_DL
from ._traceability import implements
from ._validation import require_date, require_member, require_number


class Agent(StrEnum):
    """The calcineurin inhibitor given."""

    CYCLOSPORINE = "cyclosporine"
    TACROLIMUS = "tacrolimus"


class ProteinuriaUnit(StrEnum):
    """How proteinuria was measured: a 24-hour collection or a protein:creatinine ratio.

    One course uses one method (D16). A ratio is read as equivalent to grams
    per day (D4); in mg/mmol it is converted exactly to g/g (D16).
    """

    G_PER_DAY = "g/day"
    """24-hour urine protein, grams per day."""
    UPCR_G_PER_G = "g/g"
    """Urine protein-to-creatinine ratio, grams per gram."""
    UPCR_MG_PER_MMOL = "mg/mmol"
    """Urine protein-to-creatinine ratio, milligrams per millimole of creatinine."""

    @property
    def method(self) -> str:
        """The measuring method: ``24-hour urine protein`` or ``protein:creatinine ratio``."""
        if self is ProteinuriaUnit.G_PER_DAY:
            return "24-hour urine protein"
        return "protein:creatinine ratio"


class CreatinineUnit(StrEnum):
    """Unit of serum creatinine; one course uses one unit throughout."""

    MG_PER_DL = "mg/dL"
    UMOL_PER_L = "umol/L"


class AlbuminUnit(StrEnum):
    """Unit of a serum albumin value, given with each value (D23, P12)."""

    G_PER_L = "g/L"
    G_PER_DL = "g/dL"
    """Grams per decilitre: multiplied by 10 to give g/L, exactly."""


class AssessmentKind(StrEnum):
    """What the clinician recorded about the course.

    A remission status outranks the status derived from proteinuria (D4); a
    creatinine rise may be recorded as having another cause (D17).
    """

    COMPLETE_REMISSION = "complete_remission"
    PARTIAL_REMISSION = "partial_remission"
    NO_REMISSION = "no_remission"
    RELAPSE = "relapse"
    CREATININE_RISE_EXPLAINED = "creatinine_rise_explained"
    """The creatinine rise so far has a cause other than the CNI (a new ACE inhibitor, an
    acute kidney injury...): it closes the creatinine alert until a later value rises further."""


class DoseChangeReason(StrEnum):
    """Why the dose changed; each reason is judged by its own rules."""

    TAPER = "taper"
    """A planned step of the post-remission taper (C1): must lower the dose."""
    ADJUSTMENT = "adjustment"
    """Any other change, such as titration to the target trough (outside the taper rules)."""
    WITHDRAWAL = "withdrawal"
    """A step of the final withdrawal (D19): must lower the dose."""
    CREATININE_RISE = "creatinine_rise"
    """A cut for a confirmed creatinine rise (D17): must lower the dose; not a taper step."""
    RESTORE = "restore"
    """Back to the dose that brought the remission, after a relapse (D15): must raise the dose."""


class StopReason(StrEnum):
    """Why the CNI was discontinued."""

    NON_RESPONSE = "non_response"
    PLANNED = "planned"
    """A planned stop while in remission (C3), at once or as the last withdrawal step (D19)."""
    ADVERSE_EFFECT = "adverse_effect"
    NEPHROTOXICITY = "nephrotoxicity"
    """A creatinine rise that persisted after a dose cut (D17)."""
    OTHER = "other"


class AdverseEffect(StrEnum):
    """Adverse effects the source asks to watch for (E4)."""

    HYPERTENSION = "hypertension"
    NEUROTOXICITY = "neurotoxicity"
    HYPERGLYCAEMIA = "hyperglycaemia"
    GINGIVAL_HYPERPLASIA = "gingival_hyperplasia"
    HAIR_LOSS = "hair_loss"


@dataclass(frozen=True)
class Proteinuria:
    """One proteinuria measurement.

    Attributes:
        on: Date of the sample.
        value: The value as measured, in ``unit``; zero or more.
        unit: Grams per day, or a ratio in grams per gram or mg/mmol.
        level: The value the rules compare: grams per day, or grams per gram
            for a ratio (a value in mg/mmol divided by 113.12, D16).
    """

    on: date
    value: float
    unit: ProteinuriaUnit
    level: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate each field and work out the level."""
        require_date(CourseError, "on", self.on)
        _set(self, "value", require_number(CourseError, "value", self.value, allow_zero=True))
        _set(self, "unit", require_member(CourseError, "unit", ProteinuriaUnit, self.unit))
        level = self.value
        if self.unit is ProteinuriaUnit.UPCR_MG_PER_MMOL:
            level = float(exact(self.value) / exact(CREATININE_MOLAR_MASS))
        _set(self, "level", level)


@dataclass(frozen=True)
class Creatinine:
    """One serum creatinine measurement (above zero, in ``unit``)."""

    on: date
    value: float
    unit: CreatinineUnit

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "value", require_number(CourseError, "value", self.value))
        _set(self, "unit", require_member(CourseError, "unit", CreatinineUnit, self.unit))


@dataclass(frozen=True)
class Trough:
    """One CNI trough blood level, ng/mL (zero or more)."""

    on: date
    value: float

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "value", require_number(CourseError, "value", self.value, allow_zero=True))


@dataclass(frozen=True)
class Pla2rTitre:
    """One anti-PLA2R antibody titre by ELISA, with the laboratory's positivity cut-off (D22).

    The cut-off is given with each value, as laboratories and assays differ;
    the package holds no cut-off of its own (A13).

    Attributes:
        on: Date of the sample.
        value: The titre, RU/mL; zero or more.
        cutoff: The laboratory's positivity cut-off for this titre, RU/mL; above zero.
            A titre at or above it counts as positive.
    """

    on: date
    value: float
    cutoff: float

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "value", require_number(CourseError, "value", self.value, allow_zero=True))
        _set(self, "cutoff", require_number(CourseError, "cutoff", self.cutoff))

    @property
    def positive(self) -> bool:
        """Whether the titre is at or above its cut-off (compared as written, see ``exact``)."""
        return exact(self.value) >= exact(self.cutoff)


@dataclass(frozen=True)
class Albumin:
    """One serum albumin value (D23).

    Attributes:
        on: Date of the sample.
        value: The value as measured, in ``unit``; above zero.
        unit: Grams per litre or grams per decilitre.
        level: The value in g/L, which the rules compare (g/dL times 10, exactly).
    """

    on: date
    value: float
    unit: AlbuminUnit
    level: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Validate each field, work out the level, and refuse a level no serum reaches (A14)."""
        require_date(CourseError, "on", self.on)
        given = self.value
        _set(self, "value", require_number(CourseError, "value", self.value))
        _set(self, "unit", require_member(CourseError, "unit", AlbuminUnit, self.unit))
        level = self.value
        if self.unit is AlbuminUnit.G_PER_DL:
            level = float(exact(self.value) * G_PER_L_IN_G_PER_DL)
        if level >= ALBUMIN_CEILING_G_PER_L:
            raise CourseError(
                "value",
                given,
                f"is {level:g} g/L, a level no serum albumin reaches: check the unit "
                f"({AlbuminUnit.G_PER_L} or {AlbuminUnit.G_PER_DL})",
            )
        _set(self, "level", level)


@dataclass(frozen=True)
class DoseChange:
    """A new daily dose from ``on`` onwards (mg/day, above zero)."""

    on: date
    dose_mg_per_day: float
    reason: DoseChangeReason

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        dose = require_number(CourseError, "dose_mg_per_day", self.dose_mg_per_day)
        _set(self, "dose_mg_per_day", dose)
        _set(self, "reason", require_member(CourseError, "reason", DoseChangeReason, self.reason))


@dataclass(frozen=True)
class Discontinuation:
    """The CNI was stopped on ``on`` (no dose from that day)."""

    on: date
    reason: StopReason

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "reason", require_member(CourseError, "reason", StopReason, self.reason))


@dataclass(frozen=True)
class Restart:
    """The same CNI was started again on ``on`` at ``dose_mg_per_day``."""

    on: date
    dose_mg_per_day: float

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        dose = require_number(CourseError, "dose_mg_per_day", self.dose_mg_per_day)
        _set(self, "dose_mg_per_day", dose)


@dataclass(frozen=True)
class Assessment:
    """A remission status recorded by the clinician on ``on``."""

    on: date
    kind: AssessmentKind

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "kind", require_member(CourseError, "kind", AssessmentKind, self.kind))


@dataclass(frozen=True)
class AdverseEffectReport:
    """An adverse effect noted on ``on`` while on the CNI (E4)."""

    on: date
    effect: AdverseEffect

    def __post_init__(self) -> None:
        """Validate each field."""
        require_date(CourseError, "on", self.on)
        _set(self, "effect", require_member(CourseError, "effect", AdverseEffect, self.effect))


@dataclass(frozen=True)
class TroughRange:
    """The clinician's target trough range for this course, ng/mL (D3).

    The package never assumes a target: the source gives none and none
    could be verified.
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        """Validate each bound and their order."""
        given = self.high
        _set(self, "low", require_number(CourseError, "low", self.low))
        _set(self, "high", require_number(CourseError, "high", self.high))
        if self.high <= self.low:
            raise CourseError("high", given, f"must be above the lower bound {self.low}")

    def __contains__(self, level: float) -> bool:
        """Whether a trough level lies within the range, bounds included."""
        return self.low <= level <= self.high


_SERIES: dict[str, type[Any]] = {
    "proteinuria": Proteinuria,
    "creatinine": Creatinine,
    "troughs": Trough,
    "dose_changes": DoseChange,
    "discontinuations": Discontinuation,
    "restarts": Restart,
    "assessments": Assessment,
    "adverse_effects": AdverseEffectReport,
    "pla2r": Pla2rTitre,
    "albumin": Albumin,
}

_AFTER_START_ONLY = tuple(
    name for name in _SERIES if name not in ("proteinuria", "creatinine", "pla2r", "albumin")
)

_ONE_DAY = timedelta(days=1)

OPTIONAL_SERIES = {"optional": True}
"""Marks a series added after the first JSON format: written only when it holds entries, so a
course without it is written as before and older readers still read it."""


@dataclass(frozen=True)
class Course:
    """One patient's CNI course for membranous nephropathy.

    The start is the first CNI dose (t0). Baselines are the last proteinuria
    and creatinine values dated on or before the start, so both series need
    one. Every series may be given in any order; it is stored sorted, and
    errors name entries by their position as given.

    Attributes:
        agent: Cyclosporine or tacrolimus.
        start: Date of the first dose (t0).
        starting_dose_mg_per_day: Daily dose at the start; the taper aims at
            about half of it (C1).
        target_trough: The clinician's target trough range (D3).
        proteinuria: Proteinuria measurements, including the baseline.
        creatinine: Serum creatinine, including the baseline, in one unit.
        troughs: Trough levels, after the start.
        dose_changes: Dose changes after the start, while on the CNI.
        discontinuations: Stops, after the start; a second stop needs a restart between.
        restarts: Restarts, each after a stop.
        assessments: Clinician-recorded remission status, after the start.
        adverse_effects: Adverse effects noted, after the start.
        pla2r: Anti-PLA2R titres, each with its laboratory's cut-off, the
            baseline included; optional (D22).
        albumin: Serum albumin values, each with its unit; optional (D23).

    Raises:
        CourseError: If any field is invalid; the error names the field.
    """

    agent: Agent
    start: date
    starting_dose_mg_per_day: float
    target_trough: TroughRange
    proteinuria: tuple[Proteinuria, ...]
    creatinine: tuple[Creatinine, ...]
    troughs: tuple[Trough, ...] = ()
    dose_changes: tuple[DoseChange, ...] = ()
    discontinuations: tuple[Discontinuation, ...] = ()
    restarts: tuple[Restart, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    adverse_effects: tuple[AdverseEffectReport, ...] = ()
    pla2r: tuple[Pla2rTitre, ...] = field(default=(), metadata=OPTIONAL_SERIES)
    albumin: tuple[Albumin, ...] = field(default=(), metadata=OPTIONAL_SERIES)

    def __post_init__(self) -> None:
        """Validate every field and the relations between them."""
        _set(self, "agent", require_member(CourseError, "agent", Agent, self.agent))
        require_date(CourseError, "start", self.start)
        dose = require_number(
            CourseError, "starting_dose_mg_per_day", self.starting_dose_mg_per_day
        )
        _set(self, "starting_dose_mg_per_day", dose)
        if not isinstance(self.target_trough, TroughRange):
            raise CourseError("target_trough", self.target_trough, "must be a TroughRange")
        given = {name: _entries(name, kind, getattr(self, name)) for name, kind in _SERIES.items()}
        for name in _AFTER_START_ONLY:
            for index, item in enumerate(given[name]):
                if item.on <= self.start:
                    raise CourseError(
                        f"{name}[{index}].on", item.on, f"must be after the start date {self.start}"
                    )
        _check_baselines(self.start, given["proteinuria"], given["creatinine"])
        _check_one_method(self.start, given["proteinuria"])
        for index, item in enumerate(given["creatinine"]):
            if item.unit is not given["creatinine"][0].unit:
                raise CourseError(
                    f"creatinine[{index}].unit",
                    item.unit,
                    f"must match creatinine[0].unit {given['creatinine'][0].unit}",
                )
        for name in _SERIES:
            _set(self, name, tuple(sorted(given[name], key=entry_date)))
        _check_stops_and_restarts(given["discontinuations"], given["restarts"])
        _check_dose_changes(self, given["dose_changes"])

    def dose_before(self, on: date) -> float | None:
        """Daily dose in force the day before ``on`` (mg/day); None if off the CNI then."""
        cut = self.__dict__.get("_cut")
        if cut is not None:
            return _dose_before_in_copy(self, cut, on)
        days, doses = self._dose_timeline
        index = bisect_left(days, on)
        return doses[index - 1] if index else None

    def dose_on(self, on: date) -> float | None:
        """Daily dose in force on ``on`` (mg/day); None if off the CNI that day."""
        return self.dose_before(on + _ONE_DAY)

    @cached_property
    def _dose_timeline(self) -> tuple[tuple[date, ...], tuple[float | None, ...]]:
        """Each date the dose changes, in order, and the dose from that date (None: stopped).

        Worked out once per course (it is immutable), so a dose look-up is a bisection.
        """
        events: list[tuple[date, int, float | None]] = [
            (self.start, 0, self.starting_dose_mg_per_day)
        ]
        events += [(item.on, 1, None) for item in self.discontinuations]
        events += [(item.on, 1, item.dose_mg_per_day) for item in self.restarts]
        events += [(item.on, 2, item.dose_mg_per_day) for item in self.dose_changes]
        events.sort(key=lambda event: event[:2])
        return tuple(event[0] for event in events), tuple(event[2] for event in events)

    @cached_property
    def memo(self) -> dict[object, object]:
        """Facts derived from this course by the rules, kept so each is worked out once.

        The course is immutable, so what is derived from it stays true; the
        keys say what was derived, for which date and parameters.
        """
        return {}

    def as_of(self, on: date) -> Course:
        """The course as it was known on ``on``: every entry dated after it dropped.

        Raises:
            CourseError: If ``on`` is not a date or is before the start.
        """
        check_evaluation_date(self, on)
        if self.last_recorded <= on:
            return self
        return known_on(self, on)

    @property
    def last_recorded(self) -> date:
        """Date of the latest entry of any kind (the start if none is later)."""
        latest: list[date] = [getattr(self, name)[-1].on for name in _SERIES if getattr(self, name)]
        return max([self.start, *latest])


_TREATMENT = ("dose_changes", "discontinuations", "restarts")


@dataclass(frozen=True)
class _Cut:
    """Where a copy of a course was cut from its origin.

    The date of the cut, and whether that day's dose changes, stops and
    restarts were left out.
    """

    origin: Course
    on: date
    before_acting: bool


def known_on(course: Course, on: date, *, before_acting: bool = False) -> Course:
    """The course as known on ``on``, and, ``before_acting``, before that day's treatment.

    Leaving out the dose changes, stops and restarts dated ``on`` gives the
    course in which that day's treatment was decided, as the audit judges it.
    The copy is not validated again: every check on a course reads only the
    entries dated before the one it checks, and the baselines (on or before
    the start) are all kept, so what is left of a valid course is valid. It
    remembers its origin, so facts about the days before ``on`` are worked out
    once, on the origin, and shared by every copy.
    """
    origin = course.__dict__.get("_cut", _Cut(course, on, before_acting)).origin
    known = object.__new__(type(course))
    for name in _FIELDS:
        value = getattr(course, name)
        if name in _SERIES:
            value = up_to(value, on)
            if before_acting and name in _TREATMENT and value and value[-1].on == on:
                value = value[:-1]
        _set(known, name, value)
    _set(known, "_cut", _Cut(origin, on, before_acting))
    return known


_FIELDS = tuple(item.name for item in fields(Course))


def origin(course: Course) -> Course:
    """The full course that ``course`` was cut from by :func:`known_on` (itself if none)."""
    cut: _Cut | None = course.__dict__.get("_cut")
    return course if cut is None else cut.origin


def changes_for(course: Course, reason: DoseChangeReason) -> tuple[DoseChange, ...]:
    """The course's dose changes for ``reason``, in date order.

    On a copy made by :func:`known_on` they are read from a list kept on the
    full course, so each copy finds them by bisection.
    """
    full = origin(course)
    key = ("changes for", reason)
    memo = full.memo
    if key not in memo:
        memo[key] = tuple(change for change in full.dose_changes if change.reason is reason)
    found = cast(tuple[DoseChange, ...], memo[key])
    cut: _Cut | None = course.__dict__.get("_cut")
    if cut is None:
        return found
    end = bisect_right(found, cut.on, key=entry_date)
    if cut.before_acting and end and found[end - 1].on == cut.on:
        end -= 1
    return found[:end]


def _dose_before_in_copy(course: Course, cut: _Cut, on: date) -> float | None:
    """:meth:`Course.dose_before` in a copy, read from its origin (found by bisection there)."""
    if on <= cut.on:
        return cut.origin.dose_before(on)
    if not cut.before_acting or cut.on == course.start:  # no treatment is dated on the start
        return cut.origin.dose_on(cut.on)
    return cut.origin.dose_before(cut.on)


def check_evaluation_date(course: Course, on: object) -> date:
    """Return ``on`` if it is a date on or after the course start.

    Raises:
        CourseError: Naming the field ``on`` otherwise.
    """
    checked = require_date(CourseError, "on", on)
    if checked < course.start:
        raise CourseError("on", on, f"must not be before the start date {course.start}")
    return checked


_LOWERING = {
    DoseChangeReason.TAPER: "taper step",
    DoseChangeReason.WITHDRAWAL: "withdrawal step",
    DoseChangeReason.CREATININE_RISE: "cut for a creatinine rise",
}


def _check_dose_changes(course: Course, changes: list[DoseChange]) -> None:
    """Each dose change falls while on the CNI; its reason says which way it goes (A4)."""
    switches = {stop.on for stop in course.discontinuations} | {r.on for r in course.restarts}
    for index, change in enumerate(changes):
        before = course.dose_before(change.on)
        if before is None or change.on in switches:
            raise CourseError(
                f"dose_changes[{index}].on",
                change.on,
                "falls on a stop or restart date, or while the CNI is stopped",
            )
        if change.reason in _LOWERING and change.dose_mg_per_day >= before:
            raise CourseError(
                f"dose_changes[{index}].dose_mg_per_day",
                change.dose_mg_per_day,
                f"a {_LOWERING[change.reason]} must lower the dose (it was {before} mg/day)",
            )
        if change.reason is DoseChangeReason.RESTORE and change.dose_mg_per_day <= before:
            raise CourseError(
                f"dose_changes[{index}].dose_mg_per_day",
                change.dose_mg_per_day,
                f"a restored dose must be higher than the dose before (it was {before} mg/day)",
            )


def _check_baselines(
    start: date, proteinuria: list[Proteinuria], creatinine: list[Creatinine]
) -> None:
    """Both series need a value on or before the start; the baseline proteinuria is above zero."""
    for name, given in (("proteinuria", proteinuria), ("creatinine", creatinine)):
        if not any(item.on <= start for item in given):
            raise CourseError(
                name, given, f"needs a baseline value dated on or before the start date {start}"
            )
    index, baseline = max(
        ((i, item) for i, item in enumerate(proteinuria) if item.on <= start),
        key=lambda pair: pair[1].on,
    )
    if baseline.value == 0:
        raise CourseError(
            f"proteinuria[{index}].value",
            baseline.value,
            "the baseline (the last value on or before the start date) must be above zero",
        )


def _check_one_method(start: date, proteinuria: list[Proteinuria]) -> None:
    """Every proteinuria value uses the method of the baseline (D16).

    A change of method could make a remission out of nothing (a 24-hour value
    followed by lower ratios), so the first value of the other method, in date
    order, is refused on its unit.
    """
    baseline = max((item for item in proteinuria if item.on <= start), key=entry_date)
    method = baseline.unit.method
    for index, item in sorted(enumerate(proteinuria), key=lambda pair: pair[1].on):
        if item.unit.method != method:
            raise CourseError(
                f"proteinuria[{index}].unit",
                item.unit,
                f"is a {item.unit.method} but the baseline is a {method}: one course uses one "
                f"method",
            )


def _check_stops_and_restarts(stops: list[Discontinuation], restarts: list[Restart]) -> None:
    stop_dates = {stop.on for stop in stops}
    for index, restart in enumerate(restarts):
        if restart.on in stop_dates:
            raise CourseError(
                f"restarts[{index}].on", restart.on, "a stop and a restart cannot share a date"
            )
    events = sorted(
        [(item.on, "discontinuations", index) for index, item in enumerate(stops)]
        + [(item.on, "restarts", index) for index, item in enumerate(restarts)]
    )
    expected = "discontinuations"
    for on, name, index in events:
        if name != expected:
            reason = (
                "has no discontinuation before it"
                if name == "restarts"
                else "comes while the CNI is already stopped"
            )
            raise CourseError(f"{name}[{index}].on", on, reason)
        expected = "restarts" if name == "discontinuations" else "discontinuations"


class _Dated(Protocol):
    @property
    def on(self) -> date: ...


Dated = TypeVar("Dated", bound=_Dated)


entry_date = attrgetter("on")
"""The date of any course entry: the key its date-sorted series are searched by."""


def up_to(series: tuple[Dated, ...], on: date) -> tuple[Dated, ...]:
    """The entries of a date-sorted series dated on or before ``on``."""
    return series[: bisect_right(series, on, key=entry_date)]


def latest(series: tuple[Dated, ...], on: date) -> Dated | None:
    """The last entry of a date-sorted series dated on or before ``on``, found by bisection."""
    index = bisect_right(series, on, key=entry_date)
    return series[index - 1] if index else None


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


def _entries(name: str, kind: type[Any], series: object) -> list[Any]:
    """The entries of one series as given, each of the right type, no two on one date."""
    if not isinstance(series, tuple | list):
        raise CourseError(name, series, "must be a list of entries")
    by_date: dict[date, int] = {}
    for index, item in enumerate(series):
        if not isinstance(item, kind):
            raise CourseError(f"{name}[{index}]", item, f"must be a {kind.__name__}")
        if item.on in by_date:
            raise CourseError(
                f"{name}[{index}].on",
                item.on,
                f"another entry ({name}[{by_date[item.on]}]) has the same date",
            )
        by_date[item.on] = index
    return list(series)


implements("A5", "B2", "E2")(_check_baselines)
implements("A4", "C1", "D15", "D17", "D19")(_check_dose_changes)
implements("D16")(_check_one_method)
