"""FHIR renderings: valid R4B resources that carry exactly what the package decided."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B.plandefinition import PlanDefinition
from fhir.resources.R4B.requestgroup import RequestGroup
from hypothesis import given
from hypothesis import strategies as st

from guideline import (
    CONTENT_REVIEWED,
    INTERPRETATIONS,
    REFERENCES,
    STATEMENTS,
    Action,
    Alert,
    Recommendation,
    Role,
    __version__,
    recommend,
)
from guideline.examples import WORKED_CASES
from guideline.fhir import (
    ACTION_SYSTEM,
    ACTION_TITLES,
    ALERT_TEXTS,
    GUIDELINE_URL,
    care_plan,
    plan_definition,
)
from guideline.strategies import courses, evaluation_dates

from .wording import reads_as_label

CASES = [(name, on) for name, case in WORKED_CASES.items() for on in case.dates]
CASE_IDS = [f"{name}-{on}" for name, on in CASES]

DOI_URLS = {f"https://doi.org/{ref.doi}" for ref in REFERENCES.values() if ref.doi}
RULES = [s for s in STATEMENTS.values() if s.role is Role.RULE]

# Codes of the required FHIR R4 value sets (the R4B models do not check them).
RELATED_ARTIFACT_TYPES = {
    "documentation",
    "justification",
    "citation",
    "predecessor",
    "successor",
    "derived-from",
    "depends-on",
    "composed-of",
}
PUBLICATION_STATUSES = {"draft", "active", "retired", "unknown"}
REQUEST_STATUSES = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error"}
REQUEST_INTENTS = {
    "proposal",
    "plan",
    "directive",
    "order",
    "original-order",
    "reflex-order",
    "filler-order",
    "instance-order",
    "option",
}


def through_text(data: object) -> Any:
    return json.loads(json.dumps(data))


def artifacts(data: object) -> list[dict[str, Any]]:
    """Every RelatedArtifact in a resource (``relatedArtifact`` and ``documentation``)."""
    found: list[dict[str, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("relatedArtifact", "documentation"):
                found += value
            found += artifacts(value)
    elif isinstance(data, list):
        for item in data:
            found += artifacts(item)
    return found


def check_artifacts(data: object) -> None:
    for artifact in artifacts(data):
        assert artifact["type"] in RELATED_ARTIFACT_TYPES
        if "url" in artifact:
            assert artifact["url"] in DOI_URLS
        if artifact["type"] in ("citation", "derived-from"):
            ref = REFERENCES[artifact["label"]]
            assert artifact["display"] == ref.label
            assert artifact["citation"].startswith(f"{ref.label}. {ref.detail}")
            assert artifact.get("url") == (f"https://doi.org/{ref.doi}" if ref.doi else None)


def advice_for(name: str, on: date) -> Recommendation:
    return recommend(WORKED_CASES[name].course, on)


def check_request_group(rec: Recommendation, data: dict[str, Any]) -> None:
    """The resource validates and says what ``recommend`` said, no more."""
    data = through_text(data)
    assert RequestGroup.model_validate(data).model_dump(mode="json", exclude_none=True) == data
    assert data["status"] in REQUEST_STATUSES
    assert data["intent"] in REQUEST_INTENTS
    assert (data["status"], data["intent"]) == ("draft", "proposal")
    assert data["authoredOn"] == rec.on.isoformat()
    assert data["instantiatesCanonical"] == [f"{GUIDELINE_URL}|{__version__}"]
    (action,) = data["action"]
    (code,) = action["code"]
    assert code["coding"] == [
        {"system": ACTION_SYSTEM, "code": rec.action.value, "display": ACTION_TITLES[rec.action]}
    ]
    assert action["title"] == ACTION_TITLES[rec.action]
    assert action["description"] == rec.rationale
    by_type: dict[str, list[str]] = {}
    for artifact in action["documentation"]:
        by_type.setdefault(artifact["type"], []).append(artifact["label"])
    assert by_type["justification"] == list(rec.statements)
    assert by_type["documentation"] == list(rec.interpretations)
    cited = {c.reference for id_ in rec.statements for c in STATEMENTS[id_].citations}
    cited |= {c.reference for id_ in rec.interpretations for c in INTERPRETATIONS[id_].citations}
    assert set(by_type["citation"]) == cited
    assert action["timingPeriod"]["start"] == rec.on.isoformat()
    end = rec.next_review.isoformat()
    assert action["timingPeriod"]["end"] == end
    notes = [note["text"] for note in data["note"]]
    assert notes[:-1] == [f"Alert {a.value}: {ALERT_TEXTS[a]}" for a in rec.alerts]
    assert f"Next review: {end}." in notes[-1]
    assert all(f"- {line}" in notes[-1] for line in rec.explanation)
    check_artifacts(data)


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_request_group_of_every_worked_case(name: str, on: date) -> None:
    rec = advice_for(name, on)
    check_request_group(rec, care_plan(rec))


@pytest.mark.properties
@given(st.data())
def test_request_group_of_any_course(data: st.DataObject) -> None:
    course = data.draw(courses())
    rec = recommend(course, data.draw(evaluation_dates(course)))
    check_request_group(rec, care_plan(rec))


def test_every_worked_case_advice_names_a_review_on_or_after_its_date() -> None:
    for name, on in CASES:
        assert advice_for(name, on).next_review >= on


def test_subject_reference_is_passed_through() -> None:
    rec = advice_for("dependence", date(2027, 12, 15))
    data = care_plan(rec, subject_reference="Patient/123")
    assert data["subject"] == {"reference": "Patient/123"}
    assert care_plan(rec)["subject"] == {"reference": "Patient/example"}


def test_plan_definition_validates() -> None:
    data = through_text(plan_definition())
    parsed = PlanDefinition.model_validate(data)
    assert parsed.model_dump(mode="json", exclude_none=True) == data
    assert data["status"] in PUBLICATION_STATUSES
    assert data["status"] == "draft"
    assert data["version"] == __version__
    assert data["date"] == CONTENT_REVIEWED.isoformat()
    assert data["url"] == GUIDELINE_URL
    assert data["type"]["coding"][0]["code"] in ("eca-rule", "clinical-protocol")


def test_plan_definition_has_one_action_per_rule_statement() -> None:
    actions = plan_definition()["action"]
    assert [action["id"] for action in actions] == [s.id for s in RULES]
    for action, statement in zip(actions, RULES, strict=True):
        assert action["description"] == statement.text
        assert [a["label"] for a in action["documentation"]] == [
            c.reference for c in statement.citations
        ]
        assert all(a["type"] == "citation" for a in action["documentation"])
        readings = [i for i in INTERPRETATIONS.values() if statement.id in i.statements]
        assert readings, statement.id
        for interpretation in readings:
            assert interpretation.reading in action["textEquivalent"]


def test_plan_definition_cites_the_source_and_kdigo() -> None:
    data = plan_definition()
    top = {a["label"]: a for a in data["relatedArtifact"]}
    assert set(top) == {"SOURCE", "KDIGO-2012", "KDIGO-2021"}
    assert top["SOURCE"]["type"] == "derived-from"
    assert "url" not in top["SOURCE"]
    assert top["KDIGO-2021"]["url"] == "https://doi.org/10.1016/j.kint.2021.05.021"


def test_plan_definition_shows_every_other_statement() -> None:
    data = plan_definition()
    for statement in STATEMENTS.values():
        if statement.role is not Role.RULE:
            assert f"**{statement.id}**" in data["purpose"] + data["usage"]


def test_every_artifact_url_is_a_known_doi() -> None:
    data = plan_definition()
    check_artifacts(data)
    urls = {a["url"] for a in artifacts(data) if "url" in a}
    assert urls
    assert urls <= DOI_URLS


def test_titles_and_texts_cover_the_vocabulary() -> None:
    assert set(ACTION_TITLES) == set(Action)
    assert set(ALERT_TEXTS) == set(Alert)


@pytest.mark.parametrize(
    "action",
    [
        Action.STOP_INEFFECTIVE,
        Action.CONSIDER_DISCONTINUATION,
        Action.REINITIATE,
        Action.CONSIDER_RITUXIMAB,
    ],
)
def test_titles_keep_the_sources_consider(action: Action) -> None:
    assert ACTION_TITLES[action].startswith("Consider ")


# --- the PlanDefinition's identity and sources, and the notes of each guidance response ---

PLAN_DEFINITION_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
URI_IDENTIFIER_SYSTEM = "urn:ietf:rfc:3986"
MACHINE_NAME = re.compile(r"[A-Z][A-Za-z0-9_]{0,254}")


def test_plan_definition_identity_and_type_use_the_fhir_codes() -> None:
    data = plan_definition()
    assert data["id"] == "cni-mn"
    assert data["identifier"] == [{"system": URI_IDENTIFIER_SYSTEM, "value": GUIDELINE_URL}]
    assert data["name"] == "CniDurationMembranousNephropathy"
    assert MACHINE_NAME.fullmatch(data["name"])
    assert data["type"] == {
        "coding": [
            {
                "system": PLAN_DEFINITION_TYPE,
                "code": "clinical-protocol",
                "display": "Clinical Protocol",
            }
        ],
        "text": "Clinical protocol",
    }
    assert data["experimental"] is True
    assert reads_as_label(data["subjectCodeableConcept"]["text"])


def test_only_the_source_article_is_derived_from() -> None:
    types = {a["label"]: a["type"] for a in plan_definition()["relatedArtifact"]}
    assert types["SOURCE"] == "derived-from"
    assert types == {label: "derived-from" if label == "SOURCE" else "citation" for label in types}


def test_each_reading_of_a_rule_is_a_bullet_of_its_own() -> None:
    for action, statement in zip(plan_definition()["action"], RULES, strict=True):
        readings = [i for i in INTERPRETATIONS.values() if statement.id in i.statements]
        lines = action["textEquivalent"].split("\n")
        bullets = [line for line in lines if line.startswith("- ")]
        assert lines[-len(bullets) :] == bullets
        for bullet, reading in zip(bullets, readings, strict=True):
            assert bullet.startswith(f"- **{reading.id} {reading.title}.** {reading.reading}")
            assert bullet.endswith(reading.reason)


@pytest.mark.parametrize(
    ("field", "roles"),
    [("purpose", {Role.RATIONALE, Role.EVIDENCE}), ("usage", {Role.MONITORING})],
)
def test_purpose_and_usage_list_one_statement_a_line(field: str, roles: set[Role]) -> None:
    lines = plan_definition()[field].split("\n")
    bullets = {line.split("**")[1]: line for line in lines if line.startswith("- ")}
    listed = {s.id: s for s in STATEMENTS.values() if s.role in roles}
    assert lines[-len(bullets) :] == list(bullets.values())
    assert set(bullets) == set(listed)
    for id_, line in bullets.items():
        assert line.startswith(f"- **{id_}** ({listed[id_].role.value}) ")
        assert line.endswith(listed[id_].text)


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_justifications_name_the_works_each_statement_cites(name: str, on: date) -> None:
    rec = advice_for(name, on)
    (action,) = care_plan(rec)["action"]
    justifications = [a for a in action["documentation"] if a["type"] == "justification"]
    for artifact, id_ in zip(justifications, rec.statements, strict=True):
        statement = STATEMENTS[id_]
        works = dict.fromkeys(REFERENCES[c.reference].label for c in statement.citations)
        assert artifact["display"] == statement.text
        assert statement.section.value in artifact["citation"]
        assert artifact["citation"].endswith("; ".join(works))


def test_some_justification_names_several_works() -> None:
    several = {
        id_
        for name, on in CASES
        for id_ in advice_for(name, on).statements
        if len({REFERENCES[c.reference].label for c in STATEMENTS[id_].citations}) > 1
    }
    assert several


@pytest.mark.parametrize(("name", "on"), CASES, ids=CASE_IDS)
def test_context_note_names_the_phase_in_words_and_one_input_a_line(name: str, on: date) -> None:
    rec = advice_for(name, on)
    note = care_plan(rec)["note"][-1]["text"]
    lines = note.split("\n")
    assert lines[0].startswith(f"Phase: {rec.phase.value.replace('_', ' ')}. ")
    assert [line for line in lines if line.startswith("- ")] == [
        f"- {line}" for line in rec.explanation
    ]
    assert lines[-len(rec.explanation) :] == [f"- {line}" for line in rec.explanation]


def test_worked_cases_show_a_phase_of_two_words() -> None:
    assert any("_" in advice_for(name, on).phase.value for name, on in CASES)


def test_a_positive_titre_at_the_stop_window_is_carried_with_the_works_behind_it() -> None:
    case = WORKED_CASES["titre_positive_at_the_stop_window"]
    rec = recommend(case.course, date(2026, 9, 5))
    data = care_plan(rec)
    check_request_group(rec, data)
    notes = [note["text"] for note in data["note"]]
    assert notes[0].startswith("Alert antibody_positive_at_stop: Stopping is being considered")
    assert "- anti-PLA2R 26 RU/mL on 2026-08-20, at or above its cut-off 20 RU/mL" in notes[-1]
    (action,) = data["action"]
    labels = {(a["type"], a["label"]) for a in action["documentation"]}
    assert {("documentation", "D22"), ("citation", "DEVRIESE-2017")} <= labels
    assert data["action"][0]["timingPeriod"]["end"] == "2026-10-03"
