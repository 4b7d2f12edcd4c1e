"""Read a course from FHIR R4 resources: laboratory Observations, medication records, a Goal.

:func:`course_from_bundle` takes a ``Bundle`` as plain JSON data and returns
the :class:`~guideline.Course` it records, with notes on what it did not use.
Nothing is guessed: a resource it cannot read as documented raises
:class:`BundleError`, naming the resource and the element; a resource it does
not read at all is noted. The rules it follows are listed on the site's "FHIR
and CDS Hooks" page and in the docstrings below.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from typing import Any, NoReturn

from ._course import Agent, Course, Discontinuation, DoseChange, Restart, TroughRange
from ._errors import CourseError, GuidelineError, shown
from ._exact import exact
from ._fhir_codes import (
    DEFAULT_MAPPING,
    UCUM,
    CodeMapping,
    MedicationCode,
    ObservationCode,
    series_entry,
)
from ._json import _Repeated
from ._validation import require_member

__all__ = ["BundleError", "BundleReading", "Note", "NoteKind", "course_from_bundle"]

HOURS_PER_DAY = 24
"""Hours in a day: UCUM defines the day ``d`` as 24 hours ``h`` (ucum-essence.xml, UCUM 2.2)."""

DOSE_UNIT = "mg"
"""The one UCUM unit a dose is read in (``doseQuantity.code``)."""

DAILY_RATE_UNIT = "mg/d"
"""The one UCUM unit an administration's daily rate is read in (``rateQuantity.code``)."""

IGNORED_STATUSES = frozenset({"entered-in-error", "cancelled"})
"""Statuses that mean the record should not exist: ignored (and noted)."""

USED_OBSERVATION_STATUSES = frozenset({"final", "amended", "corrected", "preliminary"})
"""Observation statuses whose value is read; ``preliminary`` is read and noted."""

USED_MEDICATION_STATUSES: Mapping[str, frozenset[str]] = {
    "MedicationRequest": frozenset({"active", "completed", "stopped"}),
    "MedicationStatement": frozenset({"active", "completed", "stopped"}),
    "MedicationAdministration": frozenset({"in-progress", "completed", "stopped"}),
}
"""Medication record statuses that say the drug was (or is being) given."""

ORDER_INTENTS = frozenset(
    {"order", "original-order", "reflex-order", "filler-order", "instance-order"}
)
"""``MedicationRequest.intent`` values that are orders; proposals and plans are not read."""

USED_GOAL_STATUSES = frozenset({"active", "accepted", "completed"})
"""``Goal.lifecycleStatus`` values whose target is read."""

ONGOING_STATUSES = frozenset({"active", "in-progress"})
"""Medication statuses that say the drug is still being given."""

_TIMING_KEYS = frozenset({"frequency", "period", "periodUnit", "boundsPeriod", "when", "timeOfDay"})
"""``Timing.repeat`` elements the reader understands; any other is refused, not ignored."""

_DATE = re.compile(r"([0-9]{4})(-[0-9]{2}(-[0-9]{2})?)?(T.*)?")


class NoteKind(StrEnum):
    """Why a resource, or part of one, was noted."""

    IGNORED = "ignored"
    """Status ``entered-in-error`` or ``cancelled``: the record is not read."""
    PRELIMINARY = "preliminary"
    """A preliminary result: read, and noted so that it can be shown."""
    UNKNOWN_CODE = "unknown_code"
    """No coding of the resource is in the mapping: not read."""
    NOT_USED = "not_used"
    """A known code that is not used here (another agent, a status or intent that is not a
    record of a given drug, no value, a target when one was passed in)."""
    NOT_READ = "not_read"
    """A resource of a type the reader does not read."""
    ASSUMED = "assumed"
    """An active medication record ends with nothing after it: read as still given."""


@dataclass(frozen=True)
class Note:
    """Something the reader did not use, or used with a caveat.

    Attributes:
        path: The entry's JSON path in what was read, such as ``entry[3]``.
        resource: The resource, ``Type/id`` (or the type and path without an id).
        kind: Why it is noted.
        detail: What was found, in plain words.
    """

    path: str
    resource: str
    kind: NoteKind
    detail: str


@dataclass(frozen=True)
class BundleReading:
    """What :func:`course_from_bundle` read.

    Attributes:
        course: The course the resources record.
        notes: The resources, or parts, not used or used with a caveat, in bundle order.
    """

    course: Course
    notes: tuple[Note, ...]


class BundleError(CourseError):
    """A resource of a FHIR bundle cannot be read as documented.

    ``field`` is the JSON path of the bad element in the bundle, such as
    ``entry[3].resource.valueQuantity.code``; ``resource`` names the
    resource (``Observation/crea-3``), and the message shows both. An error
    that belongs to no one resource (no medication record at all) has the
    field ``bundle`` and no resource.

    Attributes:
        resource: The resource, ``Type/id``, or None.
    """

    def __init__(self, field: str, value: object, reason: str, resource: str | None = None):
        super().__init__(field, value, reason)
        self.resource = resource
        where = field if resource is None else f"{field} ({resource})"
        self.args = (f"{where}: {reason} (got {shown(value)})",)


_ABSENT: Any = object()


@dataclass(frozen=True)
class _Res:
    """One resource being read: where it is and how it is named."""

    path: str
    data: dict[str, Any]
    type: str
    ref: str

    def at(self, element: str = "") -> _At:
        return _at(self, element, self.data.get(element, _ABSENT) if element else self.data)

    def fail(self, element: str, value: object, reason: str) -> NoReturn:
        where = f"{self.path}.resource" + (f".{element}" if element else "")
        raise BundleError(where, value, reason, self.ref)


@dataclass(frozen=True)
class _At:
    """An element of a resource: its path in the resource and its value (or absent)."""

    res: _Res
    path: str
    value: Any

    @property
    def absent(self) -> bool:
        return self.value is _ABSENT or self.value is None

    def __getitem__(self, key: str) -> _At:
        if self.absent:
            return _at(self.res, _join(self.path, key), _ABSENT)
        obj = self.obj()
        return _at(self.res, _join(self.path, key), obj.get(key, _ABSENT))

    def obj(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            self.fail("must be a JSON object")
        return self.value

    def items(self) -> list[_At]:
        if self.absent:
            return []
        if not isinstance(self.value, list):
            self.fail("must be a JSON array")
        return [_at(self.res, f"{self.path}[{i}]", item) for i, item in enumerate(self.value)]

    def text(self) -> str | None:
        if self.absent:
            return None
        if not isinstance(self.value, str):
            self.fail("must be a string")
        return self.value

    def need_text(self, reason: str = "is required") -> str:
        text = self.text()
        if text is None:
            self.fail(reason)
        return text

    def fail(self, reason: str) -> NoReturn:
        self.res.fail(self.path, None if self.value is _ABSENT else self.value, reason)


def _at(res: _Res, path: str, value: Any) -> _At:
    if isinstance(value, _Repeated):
        key = _join(path, value.key)
        res.fail(key, list(value.given), "is given more than once in one JSON object")
    return _At(res, path, value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def course_from_bundle(
    bundle: Mapping[str, Any],
    *,
    agent: Agent | str | None = None,
    target_trough: TroughRange | None = None,
    mapping: CodeMapping = DEFAULT_MAPPING,
    patient: str | None = None,
) -> BundleReading:
    """Read the course a FHIR R4 ``Bundle`` records.

    Every entry's ``resource`` is read by its type: ``Observation`` (the
    laboratory series of :data:`~guideline.fhir.DEFAULT_MAPPING`),
    ``MedicationRequest``, ``MedicationStatement`` and
    ``MedicationAdministration`` (the agent, start, doses, stops and
    restarts), ``Goal`` (the target trough range) and ``Medication`` (named by
    a medication record). Any other resource is noted as not read. The
    bundle's type (transaction, searchset, collection...) does not matter.

    Args:
        bundle: The bundle as JSON data (``json.loads`` of its text).
        agent: The agent of the course; if None, the one agent the medication
            records name (two agents without this argument are an error).
        target_trough: The clinician's target range; if None, it is read
            from a ``Goal`` whose target measures the agent's trough.
        mapping: The codes to read; :data:`~guideline.fhir.DEFAULT_MAPPING`
            by default.
        patient: The patient's id: a resource read whose ``subject`` names
            another patient is an error. None reads every subject.

    Returns:
        The course and the notes.

    Raises:
        BundleError: Naming the resource and element that cannot be read, or
            ``bundle`` when nothing in it gives a course.

    Examples:
        >>> from guideline.examples import complete_responder
        >>> from guideline.fhir import course_bundle
        >>> reading = course_from_bundle(course_bundle(complete_responder()))
        >>> reading.course == complete_responder(), reading.notes
        (True, ())
    """
    if not isinstance(bundle, Mapping):
        raise BundleError("bundle", bundle, "must be a FHIR Bundle (a JSON object)")
    _refuse_repeated("bundle", bundle)
    if bundle.get("resourceType") != "Bundle":
        raise BundleError("bundle.resourceType", bundle.get("resourceType"), 'must be "Bundle"')
    entries = bundle.get("entry")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise BundleError("bundle.entry", entries, "must be a JSON array")
    return read_entries(
        [(f"entry[{i}]", entry) for i, entry in enumerate(entries)],
        agent=agent,
        target_trough=target_trough,
        mapping=mapping,
        patient=patient,
    )


def _refuse_repeated(path: str, data: object) -> None:
    if isinstance(data, _Repeated):
        raise BundleError(
            f"{path}.{data.key}", list(data.given), "is given more than once in one JSON object"
        )


def read_entries(
    entries: Sequence[tuple[str, Any]],
    *,
    agent: Agent | str | None = None,
    target_trough: TroughRange | None = None,
    mapping: CodeMapping = DEFAULT_MAPPING,
    patient: str | None = None,
) -> BundleReading:
    """Read a course from bundle entries, each given with its JSON path.

    :func:`course_from_bundle` reads one bundle's entries; the CDS Hooks
    service reads those of several prefetched bundles, so that errors and
    notes name each entry where the caller sent it.

    Raises:
        BundleError: As :func:`course_from_bundle`.
    """
    if not isinstance(mapping, CodeMapping):
        raise TypeError(f"mapping must be a guideline.fhir.CodeMapping, not {type(mapping)}")
    if target_trough is not None and not isinstance(target_trough, TroughRange):
        raise CourseError("target_trough", target_trough, "must be a TroughRange")
    chosen = None if agent is None else require_member(CourseError, "agent", Agent, agent)
    if patient is not None and not isinstance(patient, str):
        raise TypeError(f"patient must be a str or None, not {type(patient).__name__}")
    return _Reader(mapping, chosen, target_trough, patient).read(entries)


@dataclass
class _Episode:
    """A medication record read as a period on one daily dose."""

    res: _Res
    agent: Agent
    status: str
    start: date
    start_path: str
    end: date | None
    end_path: str
    dose: float
    dose_path: str
    reason: Any
    reason_path: str
    stop: Any
    stop_path: str


@dataclass
class _Value:
    """An observation read as an entry of one series."""

    res: _Res
    code: ObservationCode
    on: date
    on_path: str
    value: Any
    unit: Enum | None


@dataclass
class _Reader:
    mapping: CodeMapping
    agent: Agent | None
    target: TroughRange | None
    patient: str | None
    notes: list[Note] = field(default_factory=list)
    resources: list[_Res] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    by_reference: dict[str, _Res] = field(default_factory=dict)
    provenance: dict[tuple[str, int], tuple[_Res, dict[str, str]]] = field(default_factory=dict)

    def note(self, res: _Res, kind: NoteKind, detail: str) -> None:
        self.notes.append(Note(res.path, res.ref, kind, detail))

    def read(self, entries: Sequence[tuple[str, Any]]) -> BundleReading:
        for path, entry in entries:
            self.positions.setdefault(path, len(self.resources))
            self.resources.append(self._resource(path, entry))
        used = [res for res in self.resources if self._status_used(res)]
        episodes = self._episodes([res for res in used if res.type in USED_MEDICATION_STATUSES])
        agent = episodes[0].agent
        values = [self._value(res, agent) for res in used if res.type == "Observation"]
        target = self._target([res for res in used if res.type == "Goal"], agent)
        course = self._course(agent, target, episodes, [v for v in values if v is not None])
        self.notes.sort(key=lambda note: self._order(note.path))
        return BundleReading(course, tuple(self.notes))

    def _order(self, path: str) -> int:
        return self.positions[path]

    # -- resources -------------------------------------------------------------------------

    def _resource(self, path: str, entry: Any) -> _Res:
        if not isinstance(entry, dict):
            raise BundleError(path, entry, "must be a JSON object")
        _refuse_repeated(path, entry)
        resource = entry.get("resource")
        if resource is None:
            self.notes.append(Note(path, path, NoteKind.NOT_READ, "the entry has no resource"))
            return _Res(path, {}, "", path)
        if not isinstance(resource, dict):
            raise BundleError(f"{path}.resource", resource, "must be a JSON object")
        _refuse_repeated(f"{path}.resource", resource)
        res = _Res(path, resource, "", path)
        kind = res.at("resourceType").need_text("is required: every resource names its type")
        ident = res.at("id").text()
        res = _Res(path, resource, kind, f"{kind}/{ident}" if ident else f"{kind} at {path}")
        if ident:
            self.by_reference[f"{kind}/{ident}"] = res
        full_url = entry.get("fullUrl")
        if isinstance(full_url, str):
            self.by_reference[full_url] = res
        return res

    def _status_used(self, res: _Res) -> bool:
        """Whether a resource is read on: notes the ignored, unread and unknown ones."""
        if res.type in ("", "Patient", "Medication"):
            return False  # no resource; the subject; read through the records naming it
        if res.type not in ("Observation", "Goal", *USED_MEDICATION_STATUSES):
            self.note(res, NoteKind.NOT_READ, f"a {res.type} is not read")
            return False
        element = "lifecycleStatus" if res.type == "Goal" else "status"
        status = res.at(element).need_text("is required")
        if status in IGNORED_STATUSES:
            self.note(res, NoteKind.IGNORED, f"{element} is {status}")
            return False
        subject = res.at("subject")["reference"]
        named = subject.text()
        if self.patient is not None and named is not None and not _names(named, self.patient):
            subject.fail(f"names another patient than Patient/{self.patient}")
        return True

    # -- medication records ------------------------------------------------------------------

    def _episodes(self, records: list[_Res]) -> list[_Episode]:
        episodes: list[_Episode] = []
        for res in records:
            code = self._medication_code(res)
            if code is None:
                continue
            if self.agent is not None and code.agent is not self.agent:
                self.note(res, NoteKind.NOT_USED, f"{code.agent} is not the agent of this course")
                continue
            episode = self._episode(res, code.agent)
            if episode is not None:
                episodes.append(episode)
        if not episodes:
            raise BundleError(
                "bundle",
                None,
                "has no medication record of tacrolimus or cyclosporine that can be read "
                "(the course starts with the first)",
            )
        first = episodes[0].agent
        other = next((e for e in episodes if e.agent is not first), None)
        if other is not None:
            other.res.fail(
                "medication[x]",
                str(other.agent),
                f"both {first} and {other.agent} are given in this bundle: pass agent= to read "
                "the course of one",
            )
        return episodes

    def _medication_code(self, res: _Res) -> MedicationCode | None:
        concept = res.at("medicationCodeableConcept")
        reference = res.at("medicationReference")
        if concept.absent == reference.absent:
            res.fail(
                "medication[x]",
                None,
                "needs exactly one of medicationCodeableConcept and medicationReference",
            )
        if concept.absent:
            concept = self._referenced_medication(res, reference)["code"]
        found: MedicationCode | None = self._coded(concept, self.mapping.medication)
        if found is None:
            self.note(res, NoteKind.UNKNOWN_CODE, f"medication {_codings(concept)} is not mapped")
        return found

    def _referenced_medication(self, res: _Res, reference: _At) -> _At:
        target = reference["reference"].need_text("must name the Medication")
        if target.startswith("#"):
            for item in res.at("contained").items():
                if item["id"].text() == target[1:] and item["resourceType"].text() == "Medication":
                    return item
        else:
            found = self.by_reference.get(target)
            if found is not None and found.type == "Medication":
                return found.at()
        reference["reference"].fail("names no Medication in the bundle or contained in the record")

    def _coded(self, concept: _At, find: Any) -> Any:
        """The one mapped item the codings of a CodeableConcept name, or None."""
        found = None
        for coding in concept["coding"].items():
            item = find(coding["system"].text(), coding["code"].text())
            if item is not None and found is not None and item is not found:
                coding.fail("names a different mapped concept than an earlier coding")
            found = found or item
        return found

    def _episode(self, res: _Res, agent: Agent) -> _Episode | None:
        status = res.at("status").text() or ""
        if status not in USED_MEDICATION_STATUSES[res.type]:
            self.note(res, NoteKind.NOT_USED, f"status {status} does not record the drug as given")
            return None
        if res.type == "MedicationRequest":
            intent = res.at("intent").need_text()
            if intent not in ORDER_INTENTS:
                self.note(res, NoteKind.NOT_USED, f"intent {intent} is not an order")
                return None
            dosages = res.at("dosageInstruction")
            period = self._bounds(res, dosages)
            dose, dose_path = _daily_dose(dosages)
            statuses = [res.at("statusReason")]
        elif res.type == "MedicationStatement":
            period = _period(res, "effectivePeriod", "a statement needs the period it covers")
            dose, dose_path = _daily_dose(res.at("dosage"))
            statuses = res.at("statusReason").items()
        else:
            if not res.at("effectiveDateTime").absent:
                self.note(res, NoteKind.NOT_USED, "a single administration gives no daily dose")
                return None
            period = _period(res, "effectivePeriod", "an administration needs its period")
            dose, dose_path = _daily_rate(res.at("dosage"))
            statuses = res.at("statusReason").items()
        start, start_path, end, end_path = period
        reason, reason_path = self._reason(res.at("reasonCode").items(), "dose")
        stop, stop_path = self._reason(statuses, "stop")
        return _Episode(
            res, agent, status, start, start_path, end, end_path, dose, dose_path,
            reason, reason_path, stop, stop_path,
        )  # fmt: skip

    def _bounds(self, res: _Res, dosages: _At) -> tuple[date, str, date | None, str]:
        """The ``boundsPeriod`` shared by every dosage instruction of a request."""
        bounds = [item["timing"]["repeat"]["boundsPeriod"] for item in dosages.items()]
        if not bounds or bounds[0].absent:
            (bounds[0] if bounds else dosages).fail(
                "is required: the first day of the dose (authoredOn, the day the order was "
                "written, is not taken for it)"
            )
        for other in bounds[1:]:
            if other.value != bounds[0].value:
                other.fail("differs from the first dosage instruction's: read one period")
        start = _date(bounds[0]["start"], "is required: the first day of the dose")
        end_at = bounds[0]["end"]
        end = None if end_at.absent else _date(end_at, "")
        return start, bounds[0]["start"].path, end, end_at.path

    def _reason(self, concepts: list[_At], kind: str) -> tuple[Any, str]:
        find = self.mapping.dose_change_reason if kind == "dose" else self.mapping.stop_reason
        found = [(reason, c.path) for c in concepts if (reason := self._coded(c, find))]
        if len({reason for reason, _ in found}) > 1:
            concepts[0].res.fail(found[1][1], found[1][0].value, f"gives a second {kind} reason")
        if found:
            return found[0]
        return None, concepts[0].path if concepts else _REASON_ELEMENTS[kind]

    # -- observations and the goal -----------------------------------------------------------

    def _value(self, res: _Res, agent: Agent) -> _Value | None:
        code = self._coded(res.at("code"), self.mapping.observation)
        if code is None:
            self.note(res, NoteKind.UNKNOWN_CODE, f"code {_codings(res.at('code'))} is not mapped")
            return None
        status = res.at("status").text()
        if status not in USED_OBSERVATION_STATUSES:
            self.note(res, NoteKind.NOT_USED, f"status {status}: no result to read")
            return None
        if code.agent is not None and code.agent is not agent:
            self.note(res, NoteKind.NOT_USED, f"a {code.agent} level in a {agent} course")
            return None
        quantity = res.at("valueQuantity")
        if quantity.absent:
            others = [key for key in res.data if key.startswith("value")]
            if others:
                res.fail(others[0], res.data[others[0]], "must be a valueQuantity")
            if res.at("dataAbsentReason").absent:
                res.fail("value[x]", None, "is required (or a dataAbsentReason)")
            self.note(res, NoteKind.NOT_USED, "no value (dataAbsentReason)")
            return None
        on, on_path = _effective(res)
        number = _quantity_value(quantity)
        unit = _unit(quantity, code.units)
        if status == "preliminary":
            self.note(res, NoteKind.PRELIMINARY, "a preliminary result, read as it stands")
        return _Value(res, code, on, on_path, number, code.units[unit])

    def _target(self, goals: list[_Res], agent: Agent) -> TroughRange:
        codes = self.mapping.codes_for("troughs", agent)
        found: list[tuple[_Res, TroughRange]] = []
        for res in goals:
            status = res.at("lifecycleStatus").text()
            if status not in USED_GOAL_STATUSES:
                self.note(res, NoteKind.NOT_USED, f"lifecycleStatus {status}")
                continue
            targets = [
                (t, code) for t in res.at("target").items()
                if (code := self._coded(t["measure"], _finder(codes))) is not None
            ]  # fmt: skip
            if not targets:
                self.note(res, NoteKind.NOT_USED, f"no target for the {agent} trough")
            elif self.target is not None:
                self.note(res, NoteKind.NOT_USED, "a target trough range was passed in")
            else:
                found.extend((res, _range(t, code.units)) for t, code in targets)
        if self.target is not None:
            return self.target
        if not found:
            raise BundleError(
                "bundle",
                None,
                f"gives no target trough range: no active Goal has a target measuring the {agent} "
                "trough (pass target_trough= to give it)",
            )
        if len(found) > 1:
            found[1][0].fail("target", None, "a second target trough range: pass target_trough=")
        return found[0][1]

    # -- the course --------------------------------------------------------------------------

    def _course(
        self, agent: Agent, target: TroughRange, episodes: list[_Episode], values: list[_Value]
    ) -> Course:
        episodes.sort(key=lambda e: e.start)
        first = episodes[0]
        changes: list[DoseChange] = []
        stops: list[Discontinuation] = []
        restarts: list[Restart] = []
        for before, after in zip(episodes, [*episodes[1:], None], strict=True):
            self._step(before, after, changes, stops, restarts)
        series: dict[str, list[Any]] = {}
        dated: dict[tuple[str, date], _Res] = {}
        for value in values:
            entries = series.setdefault(value.code.series, [])
            other = dated.setdefault((value.code.series, value.on), value.res)
            if other is not value.res:
                value.res.fail(
                    value.on_path,
                    value.on.isoformat(),
                    f"another {value.code.series} value ({other.ref}) has the same date: one "
                    "value a day is read",
                )
            self.provenance[(value.code.series, len(entries))] = (
                value.res,
                {"on": value.on_path, "value": "valueQuantity.value", "unit": "valueQuantity.code"},
            )
            entries.append(self._entry(value))
        try:
            return Course(
                agent=agent,
                start=first.start,
                starting_dose_mg_per_day=first.dose,
                target_trough=target,
                dose_changes=tuple(changes),
                discontinuations=tuple(stops),
                restarts=tuple(restarts),
                **{"proteinuria": (), "creatinine": (), **{k: tuple(v) for k, v in series.items()}},
            )
        except CourseError as error:
            self._explain(error, first)

    def _entry(self, value: _Value) -> Any:
        kind = series_entry(value.code.series)
        assert kind is not None  # checked when the mapping was built
        unit = {} if value.unit is None else {"unit": value.unit}
        try:
            return kind(on=value.on, value=value.value, **unit)
        except CourseError as error:
            paths = {"on": value.on_path, "value": "valueQuantity.value"}
            value.res.fail(paths.get(error.field, error.field), error.value, error.reason)

    def _step(
        self,
        before: _Episode,
        after: _Episode | None,
        changes: list[DoseChange],
        stops: list[Discontinuation],
        restarts: list[Restart],
    ) -> None:
        """What happens between one medication record and the next."""
        if after is not None and before.end is None and before.stop is None:
            self._change(before, after, changes)
            return
        if after is not None and before.end is not None and after.start <= before.end:
            after.res.fail(
                after.start_path,
                after.start.isoformat(),
                f"overlaps {before.res.ref}, given until {before.end}: read one dose at a time",
            )
        if after is not None and after.start == _next(before.end) and before.stop is None:
            self._change(before, after, changes)
            return
        if before.stop is None and after is None and before.status in ONGOING_STATUSES:
            if before.end is not None:
                self.note(
                    before.res,
                    NoteKind.ASSUMED,
                    f"ends {before.end} with no later record while its status is "
                    f"{before.status}: read as still given",
                )
            return
        if before.end is None:
            before.res.fail(before.end_path, None, "is required: the last day of a stopped record")
        stop_on = before.end + timedelta(days=1)
        if before.stop is None:
            before.res.fail(
                before.stop_path,
                None,
                "is required: a record followed by a stop gives its reason, coded in "
                "urn:guideline:cni-mn:stop-reason",
            )
        self.provenance[("discontinuations", len(stops))] = (
            before.res,
            {"on": before.end_path, "reason": before.stop_path},
        )
        stops.append(Discontinuation(stop_on, before.stop))
        if after is not None:
            self.provenance[("restarts", len(restarts))] = (
                after.res,
                {"on": after.start_path, "dose_mg_per_day": after.dose_path},
            )
            restarts.append(Restart(after.start, after.dose))

    def _change(self, before: _Episode, after: _Episode, changes: list[DoseChange]) -> None:
        if after.reason is None and after.dose == before.dose:
            return  # the same dose, renewed
        if after.reason is None:
            after.res.fail(
                after.reason_path,
                None,
                f"is required: the dose changes from {before.dose:g} to {after.dose:g} mg/day and "
                "the change gives its reason, coded in urn:guideline:cni-mn:dose-change-reason",
            )
        self.provenance[("dose_changes", len(changes))] = (
            after.res,
            {
                "on": after.start_path,
                "dose_mg_per_day": after.dose_path,
                "reason": after.reason_path,
            },
        )
        changes.append(DoseChange(after.start, after.dose, after.reason))

    def _explain(self, error: CourseError, first: _Episode) -> NoReturn:
        """Re-raise a course error at the resource the offending entry was read from."""
        reason = _SERIES_INDEX.sub(lambda m: self._name(m[1], int(m[2])), error.reason)
        match = _FIELD.fullmatch(error.field)
        if match is not None and (match[1], int(match[2])) in self.provenance:
            res, paths = self.provenance[(match[1], int(match[2]))]
            res.fail(paths.get(match[3], match[3]), error.value, reason)
        if error.field in ("start", "starting_dose_mg_per_day"):
            path = first.start_path if error.field == "start" else first.dose_path
            first.res.fail(path, error.value, reason)
        raise BundleError("bundle", error.value, f"{error.field}: {reason}") from None

    def _name(self, series: str, index: int) -> str:
        found = self.provenance.get((series, index))
        return f"{series} ({found[0].ref})" if found else f"{series}[{index}]"


_REASON_ELEMENTS = {"dose": "reasonCode", "stop": "statusReason"}

_SERIES_INDEX = re.compile(r"\b([a-z_]+)\[([0-9]+)\]")
_FIELD = re.compile(r"([a-z_]+)\[([0-9]+)\]\.([a-z_]+)")


def _names(reference: str, patient: str) -> bool:
    """Whether a reference, relative or absolute, names ``Patient/<patient>``."""
    wanted = f"Patient/{patient}"
    return reference == wanted or reference.endswith(f"/{wanted}")


def _finder(codes: tuple[ObservationCode, ...]) -> Any:
    keys = {(code.system, code.code): code for code in codes}
    return lambda system, code: keys.get((system, code))


def _codings(concept: _At) -> str:
    shown_codes = [
        f"{c['system'].value}|{c['code'].value}" for c in concept["coding"].items() if not c.absent
    ]
    return ", ".join(shown_codes) or "(no coding)"


def _next(day: date | None) -> date | None:
    return None if day is None else day + timedelta(days=1)


# -- elements -----------------------------------------------------------------------------


def _date(at: _At, reason: str) -> date:
    """A FHIR date or dateTime read as the calendar date it was written with."""
    text = at.need_text(reason or "is required")
    match = _DATE.fullmatch(text)
    if match is None:
        at.fail("must be a FHIR date or dateTime (YYYY-MM-DD, optionally with a time)")
    if match[3] is None:
        at.fail("needs a day: a year or a month alone does not date a value")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        at.fail("is not a calendar date")


def _period(res: _Res, element: str, reason: str) -> tuple[date, str, date | None, str]:
    period = res.at(element)
    if period.absent:
        period.fail(f"is required: {reason}")
    start = _date(period["start"], "is required: the first day")
    end = None if period["end"].absent else _date(period["end"], "")
    if end is not None and end < start:
        period["end"].fail(f"is before the start {start}")
    return start, period["start"].path, end, period["end"].path


def _effective(res: _Res) -> tuple[date, str]:
    """The date of a result: its dateTime or instant, or the day a collection period ended."""
    given = [key for key in ("effectiveDateTime", "effectivePeriod", "effectiveInstant")
             if not res.at(key).absent]  # fmt: skip
    if len(given) != 1:
        res.fail(
            "effective[x]",
            given or None,
            "needs exactly one of effectiveDateTime, "
            "effectivePeriod and effectiveInstant: the date of the result",
        )
    at = res.at(given[0])
    if given[0] == "effectivePeriod":
        at = at["end"] if not at["end"].absent else at["start"]
    return _date(at, "is required: the date of the result"), at.path


def _number(at: _At) -> Fraction:
    """A JSON number as the exact decimal it was written as; refuses anything else."""
    value = at.value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        at.fail("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        at.fail("must be a finite number")  # pragma: no cover - JSON has no such value
    if isinstance(value, Decimal) and not value.is_finite():
        at.fail("must be a finite number")
    return exact(value) if isinstance(value, float) else Fraction(value)


def _as_float(at: _At, number: Fraction) -> float:
    try:
        return float(number)
    except OverflowError:
        at.fail("is too large")


def _quantity_value(quantity: _At) -> float:
    if not quantity["comparator"].absent:
        quantity["comparator"].fail(
            "a value given as a bound (<, <=, >=, >) is not a measurement the rules can compare"
        )
    return _as_float(quantity["value"], _number(quantity["value"]))


def _unit(quantity: _At, units: Mapping[str, Any]) -> str:
    """The UCUM code of a quantity, if it is one of ``units``."""
    accepted = ", ".join(units)
    code = quantity["code"].need_text(f"is required: the UCUM code of the unit ({accepted})")
    if quantity["system"].text() != UCUM:
        quantity["system"].fail(f"must be {UCUM}: units are read as UCUM codes")
    if code not in units:
        quantity["code"].fail(f"is not a unit this code is read in ({accepted})")
    return code


def _positive(at: _At) -> Fraction:
    number = _number(at)
    if number <= 0:
        at.fail("must be above zero")
    return number


def _daily_dose(dosages: _At) -> tuple[float, str]:
    """The daily dose of a list of ``Dosage``, in mg/day: each dose times its doses a day.

    Several dosages are added up when they share one ``sequence`` (FHIR: taken
    together, such as a morning and an evening dose); different sequences,
    as-needed dosing, dose ranges and timings other than a number of doses
    per period of hours or days are refused.
    """
    items = dosages.items()
    if not items:
        dosages.fail("needs at least one dosage: the daily dose")
    if len({str(item["sequence"].value) for item in items}) > 1:
        items[1]["sequence"].fail("differs from the first dosage's: read dosages taken together")
    total = Fraction(0)
    for item in items:
        total += _one_dosage(item)
    dose_at = items[0]["doseAndRate"]
    return _as_float(dose_at, total), f"{dose_at.path}[0].doseQuantity.value"


def _one_dosage(dosage: _At) -> Fraction:
    for key in ("asNeededBoolean", "asNeededCodeableConcept"):
        if dosage[key].value not in (_ABSENT, None, False):
            dosage[key].fail("a dose taken as needed gives no daily dose")
    rates = dosage["doseAndRate"].items()
    if len(rates) != 1:
        dosage["doseAndRate"].fail("needs exactly one dose")
    quantity = rates[0]["doseQuantity"]
    if quantity.absent:
        rates[0].fail("needs a doseQuantity (a dose range or rate gives no daily dose)")
    _unit(quantity, {DOSE_UNIT: None})
    dose = _positive(quantity["value"])
    repeat = dosage["timing"]["repeat"]
    if repeat.absent:
        dosage["timing"].fail("needs timing.repeat: how many doses in how long")
    for key in repeat.obj():
        if key not in _TIMING_KEYS and key != "extension":
            repeat[key].fail("is not read: give frequency, period and periodUnit")
    frequency = repeat["frequency"]
    if isinstance(frequency.value, bool) or not isinstance(frequency.value, int):
        frequency.fail("is required: a whole number of doses per period")
    if frequency.value < 1:
        frequency.fail("must be at least 1")
    period = _positive(repeat["period"])
    unit = repeat["periodUnit"].text()
    if unit not in ("d", "h"):
        repeat["periodUnit"].fail('must be "d" or "h" (UCUM day or hour)')
    per_day = Fraction(HOURS_PER_DAY) if unit == "h" else Fraction(1)
    return dose * frequency.value * per_day / period


def _daily_rate(dosage: _At) -> tuple[float, str]:
    """The daily dose of a ``MedicationAdministration`` over a period: its rate in mg/d."""
    rate = dosage["rateQuantity"]
    if rate.absent:
        dosage.fail("needs rateQuantity in mg/d: one dose alone gives no daily dose")
    _unit(rate, {DAILY_RATE_UNIT: None})
    return _as_float(rate["value"], _positive(rate["value"])), rate["value"].path


def _range(target: _At, units: Mapping[str, Any]) -> TroughRange:
    detail = target["detailRange"]
    if detail.absent:
        target.fail("needs a detailRange: the target trough range")
    bounds = {}
    for bound in ("low", "high"):
        _unit(detail[bound], units)
        bounds[bound] = _as_float(detail[bound]["value"], _number(detail[bound]["value"]))
    try:
        return TroughRange(bounds["low"], bounds["high"])
    except GuidelineError as error:
        detail[error.field]["value"].fail(error.reason)
