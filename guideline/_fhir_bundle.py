"""A course as a FHIR R4 transaction ``Bundle``: the form an EHR would hold it in.

:func:`course_bundle` is the reverse of
:func:`~guideline.fhir.course_from_bundle`, for tests and examples: every
worked case has a FHIR form generated here, never written by hand, and reading
it back gives the same course. It writes only codes of the mapping, so it
cannot write a code that was not checked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from ._course import Agent, Course, DoseChangeReason, StopReason, TroughRange
from ._fhir_codes import DEFAULT_MAPPING, UCUM, CodeMapping, ObservationCode

__all__ = ["MEDICATION_RESOURCES", "course_bundle"]

JSON = dict[str, Any]

MEDICATION_RESOURCES = ("MedicationStatement", "MedicationRequest", "MedicationAdministration")
"""The medication resource types :func:`course_bundle` can write the course's doses as."""

_STATUS = {
    # resource type: (superseded by the next dose, stopped, still given)
    "MedicationStatement": ("completed", "stopped", "active"),
    "MedicationRequest": ("completed", "stopped", "active"),
    "MedicationAdministration": ("completed", "stopped", "in-progress"),
}

_UUIDS = uuid.UUID("6f1f3bb8-2f4e-5d0c-9a53-6c6e692d6d6e")
"""The namespace of the bundle's entry UUIDs (``uuid5`` of the resource's type and id)."""


@dataclass(frozen=True)
class _Period:
    """One daily dose from ``start``, until ``end`` (inclusive) or still given."""

    start: date
    end: date | None
    dose: float
    reason: DoseChangeReason | None
    stop: StopReason | None


def course_bundle(
    course: Course,
    *,
    patient: str = "example",
    medication_resource: str = "MedicationStatement",
    mapping: CodeMapping = DEFAULT_MAPPING,
) -> JSON:
    """A course as a FHIR R4 transaction ``Bundle`` of ``PUT`` entries.

    The bundle holds a ``Patient``, one ``Observation`` per measured value,
    a ``Goal`` with the target trough range, and one medication record per
    period on one daily dose:

    - Each record runs from its first day to its last (``end`` is the day
      before the next dose or the stop, FHIR periods include their end) and
      gives the daily dose as one dose a day (``frequency`` 1 per ``1 d``),
      or as a rate in ``mg/d`` for an administration.
    - A record that starts with a dose change gives the change's reason in
      ``reasonCode``; one that ends with a stop gives the stop's reason in
      ``statusReason``; both coded in this package's own code systems.
    - Its status says whether it was superseded by a new dose (``completed``),
      stopped (``stopped``) or is still given (``active``, ``in-progress``).

    Args:
        course: The course to write; it must have no clinician assessments
            and no adverse-effect reports, which have no FHIR form here.
        patient: The Patient's id.
        medication_resource: ``MedicationStatement`` (the default),
            ``MedicationRequest`` or ``MedicationAdministration``.
        mapping: The codes to write, the first that fits each value.

    Returns:
        The bundle as JSON data.

    Raises:
        ValueError: For a course with assessments or adverse-effect reports,
            an unknown medication resource type, or a value the mapping has
            no code for.
    """
    if course.assessments or course.adverse_effects:
        raise ValueError("assessments and adverse-effect reports have no FHIR form here")
    if medication_resource not in MEDICATION_RESOURCES:
        raise ValueError(f"medication_resource must be one of {', '.join(MEDICATION_RESOURCES)}")
    subject = {"reference": f"Patient/{patient}"}
    resources: list[JSON] = [{"resourceType": "Patient", "id": patient}]
    for series in ("proteinuria", "creatinine", "troughs"):
        for index, entry in enumerate(getattr(course, series)):
            resources.append(_observation(series, index, entry, course.agent, subject, mapping))
    resources.append(_goal(course.target_trough, course.agent, subject, mapping))
    for index, period in enumerate(_periods(course)):
        record = _medication(medication_resource, index, period, course.agent, subject, mapping)
        resources.append(record)
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [_entry(resource) for resource in resources],
    }


def _entry(resource: JSON) -> JSON:
    """A transaction entry that creates or updates the resource at its own id."""
    url = f"{resource['resourceType']}/{resource['id']}"
    return {
        "fullUrl": f"urn:uuid:{uuid.uuid5(_UUIDS, url)}",
        "resource": resource,
        "request": {"method": "PUT", "url": url},
    }


def _code(
    mapping: CodeMapping, series: str, agent: Agent, unit: Enum | None
) -> tuple[ObservationCode, str]:
    """The first code of a series (for the agent) read in a UCUM unit stored as ``unit``."""
    for code in mapping.codes_for(series, agent):
        for ucum, model_unit in code.units.items():
            if model_unit == unit:
                return code, ucum
    raise ValueError(f"the mapping has no code for {series} in {unit or 'its unit'}")


def _coding(code: ObservationCode) -> JSON:
    return {"coding": [{"system": code.system, "code": code.code, "display": code.display}]}


def _quantity(value: float, ucum: str) -> JSON:
    return {"value": value, "unit": ucum, "system": UCUM, "code": ucum}


def _observation(
    series: str, index: int, entry: Any, agent: Agent, subject: JSON, mapping: CodeMapping
) -> JSON:
    code, ucum = _code(mapping, series, agent, getattr(entry, "unit", None))
    return {
        "resourceType": "Observation",
        "id": f"{series}-{index}",
        "status": "final",
        "code": _coding(code),
        "subject": subject,
        "effectiveDateTime": entry.on.isoformat(),
        "valueQuantity": _quantity(entry.value, ucum),
    }


def _goal(target: TroughRange, agent: Agent, subject: JSON, mapping: CodeMapping) -> JSON:
    code, ucum = _code(mapping, "troughs", agent, None)
    return {
        "resourceType": "Goal",
        "id": "target-trough",
        "lifecycleStatus": "active",
        "description": {"text": f"Target {agent} trough range"},
        "subject": subject,
        "target": [
            {
                "measure": _coding(code),
                "detailRange": {
                    "low": _quantity(target.low, ucum),
                    "high": _quantity(target.high, ucum),
                },
            }
        ],
    }


def _periods(course: Course) -> list[_Period]:
    """The course as periods on one daily dose, in date order."""
    events: list[tuple[date, float | None, DoseChangeReason | None, StopReason | None]] = [
        (course.start, course.starting_dose_mg_per_day, None, None)
    ]
    events += [(c.on, c.dose_mg_per_day, c.reason, None) for c in course.dose_changes]
    events += [(r.on, r.dose_mg_per_day, None, None) for r in course.restarts]
    events += [(s.on, None, None, s.reason) for s in course.discontinuations]
    events.sort(key=lambda event: event[0])
    periods: list[_Period] = []
    for (on, dose, reason, _), following in zip(events, [*events[1:], None], strict=True):
        if dose is None:
            continue  # a stop: it ends the period before it
        end = None if following is None else following[0] - timedelta(days=1)
        periods.append(_Period(on, end, dose, reason, None if following is None else following[3]))
    return periods


def _medication(
    kind: str, index: int, period: _Period, agent: Agent, subject: JSON, mapping: CodeMapping
) -> JSON:
    superseded, stopped, ongoing = _STATUS[kind]
    status = ongoing if period.end is None else stopped if period.stop else superseded
    medication = next((code for code in mapping.medications if code.agent is agent), None)
    if medication is None:
        raise ValueError(f"the mapping has no medication code for {agent}")
    span = {"start": period.start.isoformat()}
    if period.end is not None:
        span["end"] = period.end.isoformat()
    dosage: JSON = {
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
        "doseAndRate": [{"doseQuantity": _quantity(period.dose, "mg")}],
    }
    resource: JSON = {
        "resourceType": kind,
        "id": f"{agent}-{index}",
        "status": status,
        "medicationCodeableConcept": {
            "coding": [
                {
                    "system": medication.system,
                    "code": medication.code,
                    "display": medication.display,
                }
            ],
            "text": str(agent),
        },
        "subject": subject,
    }
    if kind == "MedicationRequest":
        resource["intent"] = "order"
        dosage["timing"]["repeat"]["boundsPeriod"] = span
        resource["dosageInstruction"] = [dosage]
    elif kind == "MedicationStatement":
        resource["effectivePeriod"] = span
        resource["dosage"] = [dosage]
    else:
        resource["effectivePeriod"] = span
        resource["dosage"] = {"rateQuantity": _quantity(period.dose, "mg/d")}
    if period.reason is not None:
        resource["reasonCode"] = [_reason(mapping.dose_change_reasons, period.reason)]
    if period.stop is not None:
        stop = _reason(mapping.stop_reasons, period.stop)
        resource["statusReason"] = stop if kind == "MedicationRequest" else [stop]
    return resource


def _reason(codes: Any, reason: Enum) -> JSON:
    code = next(item for item in codes if item.reason is reason)
    return {"coding": [{"system": code.system, "code": code.code}], "text": str(reason)}
