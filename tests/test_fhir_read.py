"""Reading a course from FHIR R4 resources: exact units, checked codes, nothing guessed."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    Agent,
    Course,
    CourseError,
    Creatinine,
    CreatinineUnit,
    DoseChange,
    DoseChangeReason,
    Proteinuria,
    ProteinuriaUnit,
    Trough,
    TroughRange,
)
from guideline._json import decode
from guideline.examples import WORKED_CASES, complete_responder, partial_responder
from guideline.fhir import (
    DEFAULT_MAPPING,
    DOSE_CHANGE_REASON_SYSTEM,
    LOINC,
    MEDICATION_RESOURCES,
    RXNORM,
    STOP_REASON_SYSTEM,
    UCUM,
    BundleError,
    BundleReading,
    CodeMapping,
    MedicationCode,
    NoteKind,
    ObservationCode,
    ReasonCode,
    course_bundle,
    course_from_bundle,
)
from guideline.strategies import courses

from .builders import without_markers

JSON = dict[str, Any]

WORKED = [(name, kind) for name in WORKED_CASES for kind in MEDICATION_RESOURCES]
T0 = date(2025, 1, 15)


def through_text(data: object) -> Any:
    return json.loads(json.dumps(data))


def a_bundle(course: Course | None = None, kind: str = "MedicationStatement") -> JSON:
    data: JSON = through_text(course_bundle(course or small(), medication_resource=kind))
    return data


def small(
    method: ProteinuriaUnit = ProteinuriaUnit.G_PER_DAY,
    creatinine: CreatinineUnit = CreatinineUnit.MG_PER_DL,
) -> Course:
    """Tacrolimus from T0: a baseline, one later value of each series, one taper step."""
    return Course(
        agent=Agent.TACROLIMUS,
        start=T0,
        starting_dose_mg_per_day=4,
        target_trough=TroughRange(5, 8),
        proteinuria=(
            Proteinuria(date(2025, 1, 10), 6.0, method),
            Proteinuria(date(2025, 3, 1), 2.0, method),
        ),
        creatinine=(
            Creatinine(date(2025, 1, 10), 1.0, creatinine),
            Creatinine(date(2025, 3, 1), 1.1, creatinine),
        ),
        troughs=(Trough(date(2025, 2, 15), 6.5),),
        dose_changes=(DoseChange(date(2025, 6, 1), 3, DoseChangeReason.TAPER),),
    )


def resource(bundle: JSON, ident: str) -> JSON:
    found: JSON = next(e["resource"] for e in bundle["entry"] if e["resource"]["id"] == ident)
    return found


def entry_of(bundle: JSON, ident: str) -> int:
    return next(i for i, e in enumerate(bundle["entry"]) if e["resource"]["id"] == ident)


def refused(bundle: JSON, **options: Any) -> BundleError:
    with pytest.raises(BundleError) as raised:
        course_from_bundle(bundle, **options)
    return raised.value


def observation(ident: str, code: str, value: object, unit: str, on: str = "2025-02-01") -> JSON:
    return {
        "resourceType": "Observation",
        "id": ident,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "subject": {"reference": "Patient/example"},
        "effectiveDateTime": on,
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
    }


def add(bundle: JSON, *resources: JSON) -> JSON:
    bundle["entry"] += [{"resource": r} for r in resources]
    return bundle


# -- worked cases and round trips ----------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), WORKED, ids=[f"{n}-{k}" for n, k in WORKED])
def test_every_worked_case_reads_back_from_its_bundle(name: str, kind: str) -> None:
    course = without_markers(WORKED_CASES[name].course)
    data = a_bundle(course, kind)
    reading = course_from_bundle(data)
    assert reading == BundleReading(course, ())
    assert data["type"] == "transaction"
    assert {e["request"]["method"] for e in data["entry"]} == {"PUT"}


@pytest.mark.parametrize(("name", "kind"), WORKED, ids=[f"{n}-{k}" for n, k in WORKED])
def test_every_worked_case_bundle_is_valid_r4b(name: str, kind: str) -> None:
    data = a_bundle(WORKED_CASES[name].course, kind)
    assert Bundle.model_validate(data).model_dump(mode="json", exclude_none=True) == data


def test_bundles_name_only_codes_of_the_mapping() -> None:
    data = a_bundle(WORKED_CASES["dependence"].course)
    known = {
        (c.system, c.code) for c in (*DEFAULT_MAPPING.observations, *DEFAULT_MAPPING.medications)
    }
    own = {DOSE_CHANGE_REASON_SYSTEM, STOP_REASON_SYSTEM, UCUM}
    for coding in _codings(data):
        assert (coding["system"], coding["code"]) in known or coding["system"] in own


def _codings(data: object) -> list[JSON]:
    found: list[JSON] = []
    if isinstance(data, dict):
        if "system" in data and "code" in data:
            found.append(data)
        for value in data.values():
            found += _codings(value)
    elif isinstance(data, list):
        for value in data:
            found += _codings(value)
    return found


def test_a_course_with_assessments_has_no_fhir_form_here() -> None:
    course = WORKED_CASES["complete_responder"].course
    from guideline import Assessment, AssessmentKind

    noted = dataclasses.replace(
        course, assessments=(Assessment(date(2025, 8, 1), AssessmentKind.COMPLETE_REMISSION),)
    )
    with pytest.raises(ValueError, match="no FHIR form"):
        course_bundle(noted)
    with pytest.raises(ValueError, match="medication_resource"):
        course_bundle(course, medication_resource="MedicationDispense")


@pytest.mark.properties
@given(courses(), st.sampled_from(MEDICATION_RESOURCES))
def test_any_course_reads_back_from_its_bundle(course: Course, kind: str) -> None:
    course = dataclasses.replace(course, assessments=(), adverse_effects=())
    assert course_from_bundle(a_bundle(course, kind)) == BundleReading(course, ())


# -- statuses and unknown codes ------------------------------------------------------------


def test_an_unknown_code_is_skipped_and_noted() -> None:
    data = add(a_bundle(), observation("hb", "718-7", 12.0, "g/dL"))
    reading = course_from_bundle(data)
    assert reading.course == small()
    (note,) = reading.notes
    assert (note.resource, note.kind, note.path) == (
        "Observation/hb",
        NoteKind.UNKNOWN_CODE,
        f"entry[{len(data['entry']) - 1}]",
    )
    assert "http://loinc.org|718-7" in note.detail


@pytest.mark.parametrize("status", ["entered-in-error", "cancelled"])
def test_a_record_in_error_is_ignored_whatever_it_holds(status: str) -> None:
    data = add(
        a_bundle(), {**observation("wrong", "2160-0", "not a number", "mg/g"), "status": status}
    )
    reading = course_from_bundle(data)
    assert reading.course == small()
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("Observation/wrong", NoteKind.IGNORED)
    ]


def test_a_preliminary_result_is_read_and_noted() -> None:
    data = add(
        a_bundle(),
        {**observation("p", "2160-0", 1.2, "mg/dL", "2025-04-01"), "status": "preliminary"},
    )
    reading = course_from_bundle(data)
    assert Creatinine(date(2025, 4, 1), 1.2, CreatinineUnit.MG_PER_DL) in reading.course.creatinine
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("Observation/p", NoteKind.PRELIMINARY)
    ]


@pytest.mark.parametrize("status", ["registered", "unknown"])
def test_a_result_not_yet_given_is_not_used(status: str) -> None:
    data = add(a_bundle(), {**observation("r", "2160-0", 1.2, "mg/dL"), "status": status})
    reading = course_from_bundle(data)
    assert reading.course == small()
    assert [n.kind for n in reading.notes] == [NoteKind.NOT_USED]


def test_a_result_with_no_value_and_a_reason_is_noted() -> None:
    missing = observation("n", "2160-0", 1.0, "mg/dL")
    del missing["valueQuantity"]
    missing["dataAbsentReason"] = {"text": "haemolysed"}
    reading = course_from_bundle(add(a_bundle(), missing))
    assert [n.kind for n in reading.notes] == [NoteKind.NOT_USED]


def test_a_level_of_the_other_agent_is_not_used() -> None:
    data = add(a_bundle(), observation("csa", "53828-0", 150.0, "ng/mL"))
    reading = course_from_bundle(data)
    assert reading.course == small()
    assert [(n.resource, n.kind) for n in reading.notes] == [("Observation/csa", NoteKind.NOT_USED)]


def test_resources_of_other_types_are_noted_as_not_read() -> None:
    data = add(a_bundle(), {"resourceType": "Condition", "id": "mn"})
    data["entry"].append({"request": {"method": "DELETE", "url": "Observation/x"}})
    notes = course_from_bundle(data).notes
    assert [(n.resource, n.kind) for n in notes] == [
        ("Condition/mn", NoteKind.NOT_READ),
        (f"entry[{len(data['entry']) - 1}]", NoteKind.NOT_READ),
    ]


# -- units, exactly ------------------------------------------------------------------------

ACCEPTED = [
    ("2889-4", "g/(24.h)", Proteinuria, ProteinuriaUnit.G_PER_DAY),
    ("2889-4", "g/d", Proteinuria, ProteinuriaUnit.G_PER_DAY),
    ("2890-2", "g/g", Proteinuria, ProteinuriaUnit.UPCR_G_PER_G),
    ("2890-2", "mg/mg", Proteinuria, ProteinuriaUnit.UPCR_G_PER_G),
    ("34366-5", "mg/mmol", Proteinuria, ProteinuriaUnit.UPCR_MG_PER_MMOL),
    ("34366-5", "g/g", Proteinuria, ProteinuriaUnit.UPCR_G_PER_G),
    ("2160-0", "mg/dL", Creatinine, CreatinineUnit.MG_PER_DL),
    ("14682-9", "umol/L", Creatinine, CreatinineUnit.UMOL_PER_L),
    ("77348-1", "ng/mL", Trough, None),
    ("77348-1", "ug/L", Trough, None),
]


@pytest.mark.parametrize(("code", "unit", "kind", "stored"), ACCEPTED)
def test_each_accepted_unit_is_stored_unchanged_in_its_model_unit(
    code: str, unit: str, kind: type, stored: object
) -> None:
    value = 0.123456789
    method = stored if isinstance(stored, ProteinuriaUnit) else ProteinuriaUnit.G_PER_DAY
    creatinine = stored if isinstance(stored, CreatinineUnit) else CreatinineUnit.MG_PER_DL
    data = add(
        a_bundle(small(method, creatinine)), observation("v", code, value, unit, "2025-05-05")
    )
    reading = course_from_bundle(data)
    series = {Proteinuria: "proteinuria", Creatinine: "creatinine", Trough: "troughs"}[kind]
    found = [e for e in getattr(reading.course, series) if e.on == date(2025, 5, 5)]
    expected = kind(date(2025, 5, 5), value, stored) if stored else kind(date(2025, 5, 5), value)
    assert found == [expected]


def test_a_ratio_in_mg_per_mmol_reaches_the_rules_as_the_model_converts_it() -> None:
    data = a_bundle(small(ProteinuriaUnit.UPCR_G_PER_G))
    reading = course_from_bundle(add(data, observation("v", "34366-5", 113.12, "mg/mmol")))
    (read,) = [p for p in reading.course.proteinuria if p.unit is ProteinuriaUnit.UPCR_MG_PER_MMOL]
    assert read.level == 1.0


REFUSED_UNITS = [
    ("2889-4", "mg/(24.h)"),  # would need a factor: refused, as for JSON (P12)
    ("2889-4", "mg/d"),
    ("2890-2", "mg/g"),
    ("2890-2", "mg/mmol"),  # not a mass ratio
    ("2160-0", "umol/L"),  # a mass concentration code given in moles
    ("14682-9", "mg/dL"),
    ("77348-1", "ug/mL"),
    ("77348-1", "ng/ml"),  # UCUM codes are case-sensitive
]


@pytest.mark.parametrize(("code", "unit"), REFUSED_UNITS)
def test_a_known_code_in_another_unit_is_refused_naming_resource_and_element(
    code: str, unit: str
) -> None:
    data = add(a_bundle(), observation("bad", code, 1.0, unit))
    error = refused(data)
    assert error.field == f"entry[{entry_of(data, 'bad')}].resource.valueQuantity.code"
    assert error.resource == "Observation/bad"
    assert "Observation/bad" in str(error)
    assert error.value == unit


def test_a_unit_outside_ucum_is_refused() -> None:
    bad = observation("bad", "2160-0", 1.0, "mg/dL")
    bad["valueQuantity"]["system"] = "http://example.org/units"
    assert refused(add(a_bundle(), bad)).field.endswith("valueQuantity.system")


@pytest.mark.parametrize(
    ("change", "element"),
    [
        ({"value": "1.1"}, "valueQuantity.value"),
        ({"value": True}, "valueQuantity.value"),
        ({"value": -1.0}, "valueQuantity.value"),
        ({"value": None}, "valueQuantity.value"),
        ({"comparator": "<"}, "valueQuantity.comparator"),
        ({"code": None}, "valueQuantity.code"),
    ],
)
def test_an_unusable_value_is_refused(change: JSON, element: str) -> None:
    bad = observation("bad", "2160-0", 1.0, "mg/dL")
    bad["valueQuantity"].update(change)
    data = add(a_bundle(), bad)
    error = refused(data)
    assert error.field == f"entry[{entry_of(data, 'bad')}].resource.{element}"
    assert error.resource == "Observation/bad"


def test_a_value_of_another_type_is_refused() -> None:
    bad = observation("bad", "2889-4", 1.0, "g/d")
    del bad["valueQuantity"]
    bad["valueString"] = "<0.1 g/d"
    assert refused(add(a_bundle(), bad)).field.endswith(".valueString")


def test_a_result_without_a_value_or_a_reason_is_refused() -> None:
    bad = observation("bad", "2889-4", 1.0, "g/d")
    del bad["valueQuantity"]
    assert refused(add(a_bundle(), bad)).field.endswith(".value[x]")


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        ({"effectiveDateTime": "2025-04-01"}, date(2025, 4, 1)),
        ({"effectiveDateTime": "2025-04-01T23:30:00+01:00"}, date(2025, 4, 1)),
        ({"effectiveInstant": "2025-04-01T08:00:00Z"}, date(2025, 4, 1)),
        (
            {"effectivePeriod": {"start": "2025-03-31T08:00:00Z", "end": "2025-04-01T08:00:00Z"}},
            date(2025, 4, 1),
        ),
        ({"effectivePeriod": {"start": "2025-04-01"}}, date(2025, 4, 1)),
    ],
)
def test_the_date_of_a_result_is_the_day_written(effective: JSON, expected: date) -> None:
    value = observation("d", "2160-0", 1.3, "mg/dL")
    del value["effectiveDateTime"]
    value.update(effective)
    reading = course_from_bundle(add(a_bundle(), value))
    assert Creatinine(expected, 1.3, CreatinineUnit.MG_PER_DL) in reading.course.creatinine


@pytest.mark.parametrize(
    ("effective", "reason"),
    [
        ({"effectiveDateTime": "2025-04"}, "needs a day"),
        ({"effectiveDateTime": "2025-02-30"}, "not a calendar date"),
        ({"effectiveDateTime": "1 April 2025"}, "must be a FHIR date"),
        (
            {"effectiveDateTime": "2025-04-01", "effectiveInstant": "2025-04-01T00:00:00Z"},
            "exactly one",
        ),
        ({}, "exactly one"),
        ({"effectiveDateTime": "1850-04-01"}, "between"),
    ],
)
def test_a_result_without_a_usable_date_is_refused(effective: JSON, reason: str) -> None:
    value = observation("d", "2160-0", 1.3, "mg/dL")
    del value["effectiveDateTime"]
    value.update(effective)
    error = refused(add(a_bundle(), value))
    assert error.resource == "Observation/d"
    assert reason in error.reason


def test_two_values_of_a_series_on_one_day_are_refused_naming_both() -> None:
    data = add(a_bundle(), observation("again", "2160-0", 1.1, "mg/dL", "2025-03-01"))
    error = refused(data)
    assert error.resource == "Observation/again"
    assert "Observation/creatinine-1" in error.reason


def test_creatinine_in_two_units_is_refused_at_the_value_of_the_other_unit() -> None:
    data = add(a_bundle(), observation("si", "14682-9", 97.0, "umol/L", "2025-04-01"))
    error = refused(data)
    assert error.resource == "Observation/si"
    assert error.field.endswith(".valueQuantity.code")
    assert "Observation/creatinine-0" in error.reason


def test_a_trough_before_the_first_dose_is_refused_at_its_date() -> None:
    data = add(a_bundle(), observation("early", "77348-1", 6.0, "ng/mL", "2025-01-01"))
    error = refused(data)
    assert (error.resource, error.field.rsplit(".", 1)[-1]) == (
        "Observation/early",
        "effectiveDateTime",
    )


def test_a_course_without_a_baseline_is_refused_for_the_bundle() -> None:
    data = a_bundle()
    data["entry"] = [e for e in data["entry"] if e["resource"]["id"] != "proteinuria-0"]
    error = refused(data)
    assert (error.field, error.resource) == ("bundle", None)
    assert "proteinuria" in error.reason
    assert "baseline" in error.reason


# -- medication records --------------------------------------------------------------------


def dosed(dose: object = 2, frequency: object = 2, period: object = 1, unit: object = "d") -> JSON:
    return {
        "timing": {"repeat": {"frequency": frequency, "period": period, "periodUnit": unit}},
        "doseAndRate": [
            {"doseQuantity": {"value": dose, "unit": "mg", "system": UCUM, "code": "mg"}}
        ],
    }


def with_dosage(*dosages: JSON) -> JSON:
    data = a_bundle(dataclasses.replace(small(), dose_changes=()))
    resource(data, "tacrolimus-0")["dosage"] = list(dosages)
    return data


@pytest.mark.parametrize(
    ("dosages", "daily"),
    [
        ([dosed(2, 2, 1, "d")], 4.0),
        ([dosed(2, 1, 12, "h")], 4.0),
        ([dosed(1.5, 1, 8, "h")], 4.5),
        ([dosed(8, 1, 2, "d")], 4.0),
        ([dosed(0.1, 3, 1, "d")], 0.3),  # exactly 0.3, not 0.30000000000000004
        ([{**dosed(1.5, 1, 1, "d"), "sequence": 1}, {**dosed(1, 1, 1, "d"), "sequence": 1}], 2.5),
        ([dosed(1.5, 1), dosed(1, 1)], 2.5),
    ],
)
def test_the_daily_dose_is_the_dose_times_its_doses_a_day_exactly(
    dosages: list[JSON], daily: float
) -> None:
    assert course_from_bundle(with_dosage(*dosages)).course.starting_dose_mg_per_day == daily


@pytest.mark.parametrize(
    ("dosage", "element"),
    [
        (dosed(dose=2, unit="wk"), "dosage[0].timing.repeat.periodUnit"),
        (dosed(frequency=1.5), "dosage[0].timing.repeat.frequency"),
        (dosed(frequency=0), "dosage[0].timing.repeat.frequency"),
        (dosed(period=0), "dosage[0].timing.repeat.period"),
        (dosed(dose="2"), "dosage[0].doseAndRate[0].doseQuantity.value"),
        ({**dosed(), "asNeededBoolean": True}, "dosage[0].asNeededBoolean"),
        ({"timing": dosed()["timing"]}, "dosage[0].doseAndRate"),
        ({**dosed(), "timing": {"code": {"text": "BID"}}}, "dosage[0].timing"),
        (
            {**dosed(), "timing": {"repeat": {**dosed()["timing"]["repeat"], "count": 10}}},
            "dosage[0].timing.repeat.count",
        ),
        (
            {**dosed(), "doseAndRate": [{"doseRange": {"low": {"value": 1}}}]},
            "dosage[0].doseAndRate[0]",
        ),
    ],
)
def test_a_dosage_that_gives_no_daily_dose_is_refused(dosage: JSON, element: str) -> None:
    data = with_dosage(dosage)
    error = refused(data)
    assert error.field == f"entry[{entry_of(data, 'tacrolimus-0')}].resource.{element}"
    assert error.resource == "MedicationStatement/tacrolimus-0"


def test_a_dose_in_another_unit_is_refused() -> None:
    dosage = dosed()
    dosage["doseAndRate"][0]["doseQuantity"].update(unit="g", code="g")
    assert refused(with_dosage(dosage)).field.endswith("doseQuantity.code")


def test_dosages_in_different_sequences_are_refused() -> None:
    data = with_dosage({**dosed(), "sequence": 1}, {**dosed(), "sequence": 2})
    assert refused(data).field.endswith("dosage[1].sequence")


def test_no_dosage_is_refused() -> None:
    assert refused(with_dosage()).field.endswith(".dosage")


def test_a_dose_change_without_its_reason_is_refused() -> None:
    data = a_bundle()
    del resource(data, "tacrolimus-1")["reasonCode"]
    error = refused(data)
    assert error.resource == "MedicationStatement/tacrolimus-1"
    assert error.field.endswith(".reasonCode")
    assert "from 4 to 3 mg/day" in error.reason


def test_a_renewal_on_the_same_dose_is_no_dose_change() -> None:
    course = dataclasses.replace(small(), dose_changes=())
    data = a_bundle(course)
    first = resource(data, "tacrolimus-0")
    first["effectivePeriod"]["end"] = "2025-05-31"
    first["status"] = "completed"
    renewal = copy.deepcopy(first)
    renewal.update(id="renewal", status="active", effectivePeriod={"start": "2025-06-01"})
    assert course_from_bundle(add(data, renewal)) == BundleReading(course, ())


def test_a_new_record_without_an_end_to_the_old_one_changes_the_dose() -> None:
    data = a_bundle()
    del resource(data, "tacrolimus-0")["effectivePeriod"]["end"]
    assert course_from_bundle(data).course == small()


def test_a_gap_without_a_stop_reason_is_refused() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-0")["effectivePeriod"]["end"] = "2025-05-20"
    error = refused(data)
    assert (error.resource, error.field.rsplit(".", 1)[-1]) == (
        "MedicationStatement/tacrolimus-0",
        "statusReason",
    )


def test_overlapping_records_are_refused() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-0")["effectivePeriod"]["end"] = "2025-06-10"
    error = refused(data)
    assert error.resource == "MedicationStatement/tacrolimus-1"
    assert "overlaps MedicationStatement/tacrolimus-0" in error.reason


def test_an_active_record_ending_with_nothing_after_it_is_read_as_still_given() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-1")["effectivePeriod"]["end"] = "2025-09-30"
    reading = course_from_bundle(data)
    assert reading.course == small()
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("MedicationStatement/tacrolimus-1", NoteKind.ASSUMED)
    ]


def test_a_completed_last_record_needs_its_stop_reason() -> None:
    data = a_bundle()
    last = resource(data, "tacrolimus-1")
    last.update(status="completed", effectivePeriod={"start": "2025-06-01", "end": "2025-09-30"})
    assert refused(data).field.endswith(".statusReason")
    del last["effectivePeriod"]["end"]
    assert refused(data).field.endswith(".effectivePeriod.end")


def test_a_stop_and_a_restart_the_next_day_are_refused_by_the_course() -> None:
    data = a_bundle()
    first = resource(data, "tacrolimus-0")
    first["statusReason"] = [{"coding": [{"system": STOP_REASON_SYSTEM, "code": "other"}]}]
    error = refused(data)
    assert error.resource == "MedicationStatement/tacrolimus-1"
    assert "share a date" in error.reason


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        ({"status": "on-hold"}, NoteKind.NOT_USED),
        ({"status": "not-taken"}, NoteKind.NOT_USED),
        ({"status": "entered-in-error"}, NoteKind.IGNORED),
        (
            {"medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "1"}]}},
            NoteKind.UNKNOWN_CODE,
        ),
    ],
)
def test_a_medication_record_not_of_a_given_cni_is_noted(change: JSON, kind: NoteKind) -> None:
    data = a_bundle()
    extra = copy.deepcopy(resource(data, "tacrolimus-1"))
    extra.update(id="extra", effectivePeriod={"start": "2026-01-01"}, **change)
    reading = course_from_bundle(add(data, extra))
    assert reading.course == small()
    assert [(n.resource, n.kind) for n in reading.notes] == [("MedicationStatement/extra", kind)]


def test_a_request_that_is_not_an_order_is_noted() -> None:
    data = a_bundle(kind="MedicationRequest")
    extra = copy.deepcopy(resource(data, "tacrolimus-1"))
    extra.update(id="plan", intent="plan")
    reading = course_from_bundle(add(data, extra))
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("MedicationRequest/plan", NoteKind.NOT_USED)
    ]


def test_a_request_without_bounds_is_refused_rather_than_dated_by_its_writing() -> None:
    data = a_bundle(kind="MedicationRequest")
    first = resource(data, "tacrolimus-0")
    del first["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"]
    first["authoredOn"] = "2025-01-10"
    error = refused(data)
    assert error.field.endswith("dosageInstruction[0].timing.repeat.boundsPeriod")
    assert "authoredOn" in error.reason


def test_request_dosages_with_different_bounds_are_refused() -> None:
    data = a_bundle(kind="MedicationRequest")
    first = resource(data, "tacrolimus-0")
    second = copy.deepcopy(first["dosageInstruction"][0])
    second["timing"]["repeat"]["boundsPeriod"] = {"start": "2025-02-01"}
    first["dosageInstruction"].append(second)
    assert refused(data).field.endswith("dosageInstruction[1].timing.repeat.boundsPeriod")


def test_a_single_administration_gives_no_daily_dose_and_is_noted() -> None:
    data = a_bundle(kind="MedicationAdministration")
    single = copy.deepcopy(resource(data, "tacrolimus-1"))
    del single["effectivePeriod"]
    single.update(id="one", effectiveDateTime="2025-07-01", dosage={"dose": {"value": 2}})
    reading = course_from_bundle(add(data, single))
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("MedicationAdministration/one", NoteKind.NOT_USED)
    ]


def test_an_administration_without_a_daily_rate_is_refused() -> None:
    data = a_bundle(kind="MedicationAdministration")
    resource(data, "tacrolimus-0")["dosage"] = {"dose": {"value": 2, "system": UCUM, "code": "mg"}}
    assert refused(data).field.endswith(".dosage")


def test_a_medication_named_by_reference_is_read() -> None:
    data = a_bundle()
    first = resource(data, "tacrolimus-0")
    concept = first.pop("medicationCodeableConcept")
    first["medicationReference"] = {"reference": "Medication/tac"}
    add(data, {"resourceType": "Medication", "id": "tac", "code": concept})
    second = resource(data, "tacrolimus-1")
    concept = second.pop("medicationCodeableConcept")
    second["medicationReference"] = {"reference": "#med"}
    second["contained"] = [{"resourceType": "Medication", "id": "med", "code": concept}]
    assert course_from_bundle(data) == BundleReading(small(), ())


@pytest.mark.parametrize("target", ["Medication/absent", "#absent", "Observation/creatinine-0"])
def test_a_medication_reference_that_names_nothing_is_refused(target: str) -> None:
    data = a_bundle()
    first = resource(data, "tacrolimus-0")
    del first["medicationCodeableConcept"]
    first["medicationReference"] = {"reference": target}
    assert refused(data).field.endswith(".medicationReference.reference")


def test_a_record_naming_its_medication_twice_or_not_at_all_is_refused() -> None:
    data = a_bundle()
    first = resource(data, "tacrolimus-0")
    first["medicationReference"] = {"reference": "Medication/tac"}
    assert refused(data).field.endswith(".medication[x]")
    del first["medicationReference"], first["medicationCodeableConcept"]
    assert refused(data).field.endswith(".medication[x]")


def cyclosporine_record(bundle: JSON) -> JSON:
    record = copy.deepcopy(resource(bundle, "tacrolimus-1"))
    record.update(
        id="csa",
        effectivePeriod={"start": "2026-01-01"},
        medicationCodeableConcept={"coding": [{"system": RXNORM, "code": "3008"}]},
    )
    return record


def test_two_agents_need_the_agent_to_be_named() -> None:
    data = a_bundle()
    add(data, cyclosporine_record(data))
    error = refused(data)
    assert error.resource == "MedicationStatement/csa"
    assert "agent=" in error.reason
    reading = course_from_bundle(data, agent="tacrolimus")
    assert reading.course == small()
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("MedicationStatement/csa", NoteKind.NOT_USED)
    ]


def test_codings_that_name_two_mapped_concepts_are_refused() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-0")["medicationCodeableConcept"]["coding"].append(
        {"system": RXNORM, "code": "3008"}
    )
    assert refused(data).field.endswith("medicationCodeableConcept.coding[1]")


def test_no_medication_record_gives_no_course() -> None:
    data = a_bundle()
    data["entry"] = [
        e for e in data["entry"] if e["resource"]["resourceType"] != "MedicationStatement"
    ]
    error = refused(data)
    assert (error.field, error.resource) == ("bundle", None)


# -- the target trough range ---------------------------------------------------------------


def test_a_target_passed_in_is_used_and_the_goal_noted() -> None:
    reading = course_from_bundle(a_bundle(), target_trough=TroughRange(4, 6))
    assert reading.course.target_trough == TroughRange(4, 6)
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("Goal/target-trough", NoteKind.NOT_USED)
    ]


def test_no_target_is_refused_with_what_to_do() -> None:
    data = a_bundle()
    data["entry"] = [e for e in data["entry"] if e["resource"]["resourceType"] != "Goal"]
    error = refused(data)
    assert error.field == "bundle"
    assert "target_trough=" in error.reason
    assert course_from_bundle(data, target_trough=TroughRange(5, 8)).course == small()


def test_a_goal_for_another_measure_or_status_is_noted() -> None:
    data = a_bundle()
    goal = resource(data, "target-trough")
    other = copy.deepcopy(goal)
    other["id"] = "weight"
    other["target"][0]["measure"] = {"text": "weight"}
    proposed = copy.deepcopy(goal)
    proposed.update(id="proposed", lifecycleStatus="proposed")
    reading = course_from_bundle(add(data, other, proposed))
    assert [(n.resource, n.kind) for n in reading.notes] == [
        ("Goal/weight", NoteKind.NOT_USED),
        ("Goal/proposed", NoteKind.NOT_USED),
    ]


def test_two_target_ranges_are_refused() -> None:
    data = a_bundle()
    again = copy.deepcopy(resource(data, "target-trough"))
    again["id"] = "again"
    error = refused(add(data, again))
    assert error.resource == "Goal/again"


@pytest.mark.parametrize(
    ("change", "element"),
    [
        (
            {"low": {"value": 9, "unit": "ng/mL", "system": UCUM, "code": "ng/mL"}},
            "target[0].detailRange.high.value",
        ),
        (
            {"high": {"value": 8, "unit": "mg/L", "system": UCUM, "code": "mg/L"}},
            "target[0].detailRange.high.code",
        ),
        (
            {"low": {"value": 0, "unit": "ng/mL", "system": UCUM, "code": "ng/mL"}},
            "target[0].detailRange.low.value",
        ),
    ],
)
def test_an_unusable_target_range_is_refused(change: JSON, element: str) -> None:
    data = a_bundle()
    resource(data, "target-trough")["target"][0]["detailRange"].update(change)
    error = refused(data)
    assert error.field == f"entry[{entry_of(data, 'target-trough')}].resource.{element}"


def test_a_target_without_a_range_is_refused() -> None:
    data = a_bundle()
    del resource(data, "target-trough")["target"][0]["detailRange"]
    assert refused(data).field.endswith("target[0]")


# -- the patient ---------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["Patient/example", "https://ehr.invalid/fhir/Patient/example"])
def test_resources_of_the_patient_are_read(named: str) -> None:
    data = a_bundle()
    resource(data, "creatinine-0")["subject"]["reference"] = named
    assert course_from_bundle(data, patient="example").course == small()


def test_a_resource_of_another_patient_is_refused() -> None:
    data = a_bundle()
    resource(data, "creatinine-0")["subject"]["reference"] = "Patient/someone-else"
    error = refused(data, patient="example")
    assert error.resource == "Observation/creatinine-0"
    assert error.field.endswith(".subject.reference")
    assert course_from_bundle(data).course == small()  # without a patient, every subject is read


# -- arguments and shapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bundle", "field"),
    [
        ([], "bundle"),
        ({"resourceType": "Patient"}, "bundle.resourceType"),
        ({"resourceType": "Bundle", "entry": {}}, "bundle.entry"),
        ({"resourceType": "Bundle", "entry": [1]}, "entry[0]"),
        ({"resourceType": "Bundle", "entry": [{"resource": []}]}, "entry[0].resource"),
        ({"resourceType": "Bundle", "entry": [{"resource": {}}]}, "entry[0].resource.resourceType"),
    ],
)
def test_a_bundle_of_the_wrong_shape_is_refused(bundle: Any, field: str) -> None:
    assert refused(bundle).field == field


def test_a_key_given_twice_is_refused_at_its_path() -> None:
    text = json.dumps(a_bundle())
    text = text.replace('"status": "final"', '"status": "final", "status": "preliminary"', 1)
    error = refused(decode(text, "bundle", CourseError))
    assert error.field.endswith(".resource.status")
    assert error.value == ["final", "preliminary"]


def test_wrong_argument_types_are_refused() -> None:
    with pytest.raises(TypeError, match="mapping"):
        course_from_bundle(a_bundle(), mapping={})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="patient"):
        course_from_bundle(a_bundle(), patient=7)  # type: ignore[arg-type]
    with pytest.raises(CourseError) as raised:
        course_from_bundle(a_bundle(), target_trough=(5, 8))  # type: ignore[arg-type]
    assert raised.value.field == "target_trough"
    with pytest.raises(CourseError) as raised:
        course_from_bundle(a_bundle(), agent="sirolimus")
    assert raised.value.field == "agent"


def test_an_error_message_names_the_resource_and_the_element() -> None:
    data = add(a_bundle(), observation("bad", "2160-0", 1.0, "mmol/L"))
    index = entry_of(data, "bad")
    assert str(refused(data)) == (
        f"entry[{index}].resource.valueQuantity.code (Observation/bad): is not a unit this code "
        'is read in (mg/dL) (got "mmol/L")'
    )


# -- hostile bundles -----------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)

KEYS = st.sampled_from(
    [
        "resourceType", "status", "code", "coding", "system", "valueQuantity", "value", "unit",
        "effectiveDateTime", "effectivePeriod", "start", "end", "dosage", "doseAndRate",
        "doseQuantity", "timing", "repeat", "frequency", "period", "periodUnit", "reasonCode",
        "statusReason", "target", "detailRange", "low", "high", "subject", "reference",
        "medicationCodeableConcept", "medicationReference", "intent", "lifecycleStatus", "id",
    ]
)  # fmt: skip


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: JSON, path: tuple[object, ...], value: object, drop: bool) -> None:
    *parents, last = path
    holder: Any = data
    for step in parents:
        holder = holder[step]
    if drop and isinstance(holder, dict):
        del holder[last]
    else:
        holder[last] = value


BASE = a_bundle(small(), "MedicationRequest")
PATHS = [p for p in _paths(BASE) if p]


@pytest.mark.properties
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), JSON_VALUES, st.booleans()), min_size=1, max_size=4)
)
def test_a_damaged_bundle_raises_only_the_package_errors(
    damage: list[tuple[tuple[object, ...], object, bool]],
) -> None:
    data = copy.deepcopy(BASE)
    for path, value, drop in damage:
        try:
            _mutate(data, path, value, drop)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    try:
        reading = course_from_bundle(data)
    except CourseError:  # BundleError among them; any other exception fails the test
        return
    assert isinstance(reading.course, Course)


@pytest.mark.properties
@given(
    st.dictionaries(KEYS, JSON_VALUES, max_size=6),
    st.sampled_from(
        [
            "Observation",
            "MedicationStatement",
            "MedicationRequest",
            "MedicationAdministration",
            "Goal",
        ]
    ),
)
def test_a_hostile_resource_raises_only_the_package_errors(resource_data: JSON, kind: str) -> None:
    data = a_bundle()
    add(data, {**resource_data, "resourceType": kind})
    try:
        reading = course_from_bundle(data)
    except CourseError:
        return
    assert isinstance(reading.course, Course)


# -- the mapping ---------------------------------------------------------------------------


def test_a_code_added_to_the_mapping_is_read() -> None:
    local = ObservationCode(
        "urn:example:our-laboratory",
        "CREA",
        "Creatinine, serum",
        "creatinine",
        {"mg/dL": CreatinineUnit.MG_PER_DL},
        "our laboratory's catalogue",
    )
    value = observation("local", "CREA", 1.4, "mg/dL", "2025-04-01")
    value["code"]["coding"][0]["system"] = "urn:example:our-laboratory"
    data = add(a_bundle(), value)
    assert [n.kind for n in course_from_bundle(data).notes] == [NoteKind.UNKNOWN_CODE]
    mapping = DEFAULT_MAPPING.adding(local)
    reading = course_from_bundle(data, mapping=mapping)
    assert Creatinine(date(2025, 4, 1), 1.4, CreatinineUnit.MG_PER_DL) in reading.course.creatinine
    assert reading.notes == ()


def test_reason_codes_of_another_system_can_be_added() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-1")["reasonCode"] = [
        {"coding": [{"system": "urn:example:ehr", "code": "T"}]}
    ]
    assert refused(data).field.endswith(".reasonCode[0]")
    mapping = DEFAULT_MAPPING.adding(ReasonCode("urn:example:ehr", "T", DoseChangeReason.TAPER))
    assert course_from_bundle(data, mapping=mapping).course == small()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DEFAULT_MAPPING.adding(DEFAULT_MAPPING.observations[0]), "listed twice"),
        (lambda: ObservationCode(LOINC, "x", "x", "weights", {}, "s"), "not a series"),
        (lambda: ObservationCode(LOINC, "x", "x", "assessments", {}, "s"), "not a series"),
        (
            lambda: ObservationCode(LOINC, "x", "x", "creatinine", {"mg/dL": None}, "s"),
            "must map to CreatinineUnit",
        ),
        (
            lambda: ObservationCode(
                LOINC, "x", "x", "troughs", {"ng/mL": CreatinineUnit.MG_PER_DL}, "s"
            ),
            "must map to None",
        ),
        (
            lambda: dataclasses.replace(
                DEFAULT_MAPPING, stop_reasons=(ReasonCode("s", "c", DoseChangeReason.TAPER),)
            ),
            "StopReason",
        ),
    ],
)
def test_a_mapping_that_cannot_be_read_is_refused_when_built(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_only_codes_can_be_added() -> None:
    with pytest.raises(TypeError):
        DEFAULT_MAPPING.adding("2160-0")  # type: ignore[arg-type]


def test_the_default_mapping_reads_each_agent_by_its_own_codes() -> None:
    agents = {code.agent for code in DEFAULT_MAPPING.medications}
    assert agents == set(Agent)
    assert {c.agent for c in DEFAULT_MAPPING.codes_for("troughs", Agent.TACROLIMUS)} == {
        Agent.TACROLIMUS
    }
    assert (
        MedicationCode(
            RXNORM,
            "3008",
            "Cyclosporine",
            Agent.CYCLOSPORINE,
            DEFAULT_MAPPING.medication(RXNORM, "3008").source,
        )
        in DEFAULT_MAPPING.medications
    )  # type: ignore[union-attr]
    assert DEFAULT_MAPPING.medication(RXNORM, 3008) is None
    assert isinstance(DEFAULT_MAPPING, CodeMapping)


@pytest.mark.parametrize("code", DEFAULT_MAPPING.medications, ids=lambda c: c.code)
def test_a_record_coded_by_any_product_of_the_mapping_reads_as_its_agent(
    code: MedicationCode,
) -> None:
    course = complete_responder() if code.agent is Agent.TACROLIMUS else partial_responder()
    data = a_bundle(course)
    resources = [entry["resource"] for entry in data["entry"]]
    records = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert records
    for record in records:
        record["medicationCodeableConcept"] = {
            "coding": [{"system": RXNORM, "code": code.code, "display": code.display}]
        }
    assert course_from_bundle(data) == BundleReading(course, ())


def test_a_cyclosporine_course_reads_back() -> None:
    course = partial_responder()
    assert course_from_bundle(a_bundle(course)).course == course
    assert complete_responder().agent is Agent.TACROLIMUS


# -- edges ---------------------------------------------------------------------------------


def test_a_bundle_without_entries_gives_no_course() -> None:
    for empty in ({"resourceType": "Bundle"}, {"resourceType": "Bundle", "entry": None}):
        error = refused(empty)
        assert (error.field, error.resource) == ("bundle", None)


def test_a_key_given_twice_deep_in_a_resource_is_refused_at_its_path() -> None:
    text = json.dumps(a_bundle()).replace('"code": "mg/dL"}', '"code": "mg/dL", "code": "mg"}', 1)
    error = refused(decode(text, "bundle", CourseError))
    assert error.field.endswith(".resource.valueQuantity.code")


def test_the_contained_medication_is_found_among_others() -> None:
    data = a_bundle()
    first = resource(data, "tacrolimus-0")
    concept = first.pop("medicationCodeableConcept")
    first["medicationReference"] = {"reference": "#med"}
    first["contained"] = [
        {"resourceType": "Medication", "id": "other", "code": {"text": "paracetamol"}},
        {"resourceType": "Substance", "id": "med"},
        {"resourceType": "Medication", "id": "med", "code": concept},
    ]
    assert course_from_bundle(data).course == small()


def test_request_dosages_with_the_same_bounds_are_taken_together() -> None:
    data = a_bundle(kind="MedicationRequest")
    first = resource(data, "tacrolimus-0")
    first["dosageInstruction"].append(copy.deepcopy(first["dosageInstruction"][0]))
    assert course_from_bundle(data).course.starting_dose_mg_per_day == 8.0


def test_two_reasons_for_one_change_are_refused() -> None:
    data = a_bundle()
    resource(data, "tacrolimus-1")["reasonCode"].append(
        {"coding": [{"system": DOSE_CHANGE_REASON_SYSTEM, "code": "adjustment"}]}
    )
    error = refused(data)
    assert error.field.endswith(".reasonCode[1]")
    assert "second dose reason" in error.reason


@pytest.mark.parametrize(
    ("change", "element"),
    [
        (
            {"effectivePeriod": {"start": "1850-01-01", "end": "2025-05-31"}},
            "effectivePeriod.start",
        ),
        (
            {"dosage": [dosed(dose=10**7, frequency=1)]},
            "dosage[0].doseAndRate[0].doseQuantity.value",
        ),
        ({"dosage": [dosed(dose=10**400, frequency=1)]}, "dosage[0].doseAndRate"),
        ({"effectivePeriod": None}, "effectivePeriod"),
        ({"effectivePeriod": {"start": "2025-01-15", "end": "2025-01-14"}}, "effectivePeriod.end"),
    ],
)
def test_an_unusable_first_record_is_refused_at_its_element(change: JSON, element: str) -> None:
    data = a_bundle()
    resource(data, "tacrolimus-0").update(change)
    error = refused(data)
    assert error.field == f"entry[{entry_of(data, 'tacrolimus-0')}].resource.{element}"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("1e400"), 10**400])
def test_numbers_beyond_any_measurement_are_refused(value: object) -> None:
    data = add(a_bundle(), observation("huge", "2160-0", value, "mg/dL"))
    assert refused(data).field.endswith(".valueQuantity.value")


def test_writing_needs_a_code_for_every_value() -> None:
    without_creatinine = dataclasses.replace(
        DEFAULT_MAPPING,
        observations=tuple(c for c in DEFAULT_MAPPING.observations if c.series != "creatinine"),
    )
    with pytest.raises(ValueError, match="no code for creatinine"):
        course_bundle(small(), mapping=without_creatinine)
    without_tacrolimus = dataclasses.replace(
        DEFAULT_MAPPING,
        medications=tuple(c for c in DEFAULT_MAPPING.medications if c.agent is Agent.CYCLOSPORINE),
    )
    with pytest.raises(ValueError, match="no medication code for tacrolimus"):
        course_bundle(small(), mapping=without_tacrolimus)


def test_a_medication_code_can_be_added() -> None:
    extra = MedicationCode(
        "urn:example:formulary", "TAC1", "tacrolimus 1 mg", Agent.TACROLIMUS, "s"
    )
    mapping = DEFAULT_MAPPING.adding(extra)
    assert mapping.medication("urn:example:formulary", "TAC1") is extra


@pytest.mark.parametrize(
    ("change", "element", "reason"),
    [
        ({"code": "2160-0"}, "code", "must be a JSON object"),
        ({"code": {"coding": {"code": "2160-0"}}}, "code.coding", "must be a JSON array"),
        ({"status": 1}, "status", "must be a string"),
        ({"status": None}, "status", "is required"),
    ],
)
def test_an_element_of_the_wrong_type_is_refused(change: JSON, element: str, reason: str) -> None:
    bad = {**observation("bad", "2160-0", 1.0, "mg/dL"), **change}
    error = refused(add(a_bundle(), bad))
    assert error.field.endswith(f".resource.{element}")
    assert error.reason == reason


# -- work grows linearly -------------------------------------------------------------------


def sized(n: int) -> Course:
    """The small course with ``n`` creatinine values and ``n`` dose changes, one a day."""
    days = [date(2025, 1, 16) + timedelta(days=i) for i in range(n)]
    return dataclasses.replace(
        small(),
        creatinine=(
            small().creatinine[0],
            *(Creatinine(day, 1.0, CreatinineUnit.MG_PER_DL) for day in days),
        ),
        troughs=(),
        dose_changes=tuple(
            DoseChange(day, 3.0 if i % 2 else 4.5, DoseChangeReason.ADJUSTMENT)
            for i, day in enumerate(days)
        ),
    )


def test_four_times_the_resources_cost_at_most_four_and_a_half_times_the_reading() -> None:
    """Work is counted, never timed: each line of the reader run counts one.

    The reader does a fixed amount of work per element, with no search or sort of
    its own, so the work grows as the resources do; a loop over earlier values for
    each value (a quadratic check for values on the same day) shows at this size.
    """
    import sys

    import guideline._fhir_read as reader

    work = [0]

    def trace(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != reader.__file__:
            return None
        if event == "line":
            work[0] += 1
        return trace

    done = []
    for n in (100, 400):
        data = a_bundle(sized(n))
        work[0] = 0
        previous = sys.gettrace()  # coverage's, when it measures: put back after
        sys.settrace(trace)
        try:
            reading = course_from_bundle(data)
        finally:
            sys.settrace(previous)
        assert reading.course == sized(n)
        done.append(work[0])
    assert done[1] <= 4.5 * done[0]


def test_titres_and_albumin_are_neither_written_nor_read_until_their_codes_are_verified() -> None:
    course = WORKED_CASES["titre_positive_at_the_stop_window"].course
    assert course.pla2r
    assert course.albumin
    read = course_from_bundle(a_bundle(course, "MedicationStatement")).course
    assert read == without_markers(course)
